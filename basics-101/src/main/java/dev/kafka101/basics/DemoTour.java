package dev.kafka101.basics;

import dev.kafka101.basics.report.PartitionerTable;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * The guided tour: a handful of lessons, one after the other, on one cluster (the shared local one unless you point
 * it elsewhere; it keeps running for the next demos).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java} (README's first command); about 20 s.
 * Each step names the demo class to open next; docs/claims.md names the test that proves what it shows.
 */
public final class DemoTour {
    private DemoTour() {}

    public static void main(String[] args) {
        DemoMain.run("DemoTour", args, DemoTour::tour);
    }

    private static void tour(KafkaConnection kafka) throws Exception {
        long t0 = System.nanoTime();
        String after;
        {
            after = kafka.sharedCluster()
                    .map(c -> String.format(
                            "%nThe shared cluster keeps running for the next demos " + "(pid %d at %s; it %s).",
                            c.pid(), c.bootstrapServers(), c.howItEnds()))
                    .orElse("");
            Properties connection = kafka.clientProperties();

            step(1, "Producer: properties -> producer -> send -> flush and close", "ProducerDemo");
            String topic = DemoTopics.TOUR.name();
            DemoTopics.TOUR.ensure(connection);
            long partitionsUsed = ProducerDemo.send(kafka, topic, 6).stream()
                    .map(m -> m.partition())
                    .distinct()
                    .count();
            note(String.format(
                    "6 keyless records sent together went to %d of 3 partitions: the built-in sticky partitioner "
                            + "fills one partition's batch before moving on (step 4 measures it).",
                    partitionsUsed));

            step(2, "Consumer group: read it back, with partition and offset", "ConsumerDemo");
            ConsumerDemo.consume(kafka, topic, "tour-group", Duration.ofSeconds(2));

            step(3, "Keys: the same key always lands in the same partition (murmur2)", "ProducerDemoWithKeys");
            String keyed = DemoTopics.TOUR_KEYS.name();
            DemoTopics.TOUR_KEYS.ensure(connection);
            ProducerDemoWithKeys.send(kafka, keyed, 3, 5, 2);

            step(4, "Keyless records: built-in sticky partitioner vs RoundRobinPartitioner", "StickyVsRoundRobinLab");
            String sticky = DemoTopics.TOUR_STICKY.name();
            DemoTopics.TOUR_STICKY.ensure(connection);
            Topics.writeOneRecordToEachPartition(connection, sticky, 6);
            StickyVsRoundRobinLab.Result s = StickyVsRoundRobinLab.run(
                    connection, sticky, 6, 2_000, 100, 1_000, 5, StickyVsRoundRobinLab.Partitioning.STICKY, null);
            StickyVsRoundRobinLab.Result r = StickyVsRoundRobinLab.run(
                    connection, sticky, 6, 2_000, 100, 1_000, 5, StickyVsRoundRobinLab.Partitioning.ROUND_ROBIN, null);
            System.out.println(PartitionerTable.table(s, r));

            step(5, "The safe producer: the settings it really runs with, and the acks=1 trap", "IdempotenceLab");
            IdempotenceLab.printSettingsAndTheTrap(connection);

            step(6, "Describe the group of step 2: committed offsets, log-end offsets, lag", "DescribeGroupDemo");
            try (Admin admin = Admin.create(connection)) {
                DescribeGroupDemo.print(DescribeGroupDemo.describe(admin, "tour-group"));
            }
        }
        System.out.printf(
                "%nTour done in %.1f s. Next: AcksLab and IdempotenceLab (3 brokers), ConsumerGroupDemo and "
                        + "RebalanceLab, the lab console; docs/README.md explains each.%s%n",
                (System.nanoTime() - t0) / 1e9, after);
    }

    static void step(int n, String title, String demoClass) {
        System.out.printf("%n=== %d. %s  (demo: %s)%n", n, title, demoClass);
    }

    static void note(String text) {
        System.out.println("   " + text);
    }
}
