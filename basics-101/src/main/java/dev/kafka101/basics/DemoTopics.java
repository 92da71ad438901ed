package dev.kafka101.basics;

import dev.kafka101.local.Topics;
import java.util.List;
import java.util.Properties;

/**
 * The topics several demos share, each defined once (name and partition count), so that whichever demo runs first
 * creates it the way the others expect. Names use '-' (or '.' alone, never mixed with '_': Kafka's metric names turn
 * '.' into '_', so {@code a.b_c} and {@code a_b.c} would collide). Proven by {@code DemoTopicsTest}.
 */
public final class DemoTopics {

    /** One topic: its name and how many partitions it is created with (replication factor 1: one local broker). */
    public record Definition(String name, int partitions) {
        /** Creates the topic if it does not exist yet; returns its partition count (an existing topic keeps its own). */
        public int ensure(Properties connection) {
            return Topics.ensure(connection, name, partitions, 1);
        }
    }

    /** Written by ProducerDemo and ProducerDemoWithCallback, read by ConsumerDemo (the course's {@code demo_java}). */
    public static final Definition DEMO_JAVA = new Definition("demo_java", 3);
    /** Written by ProducerDemoWithKeys. */
    public static final Definition DEMO_JAVA_KEYS = new Definition("demo_java_keys", 3);
    /** Keyed records: written by SteadyProducerDemo, read by ConsumerGroupDemo and ConsumerDemoWithShutdown. */
    public static final Definition GROUPS = new Definition("groups-demo", 6);
    /** The tour's topics (DemoTour): step 1-2, step 3, step 4. */
    public static final Definition TOUR = new Definition("tour.demo-java", 3);

    public static final Definition TOUR_KEYS = new Definition("tour.keys", 3);
    public static final Definition TOUR_STICKY = new Definition("tour.sticky", 6);

    /** Every shared definition (DemoTopicsTest checks their names). */
    public static final List<Definition> ALL = List.of(DEMO_JAVA, DEMO_JAVA_KEYS, GROUPS, TOUR, TOUR_KEYS, TOUR_STICKY);

    private DemoTopics() {}
}
