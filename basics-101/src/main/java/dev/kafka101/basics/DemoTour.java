package dev.kafka101.basics;

import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;

import java.time.Duration;

/**
 * The guided tour: a handful of lessons, one after the other, on one cluster (embedded unless you point it elsewhere).
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl basics-101 exec:java} (README's first command).
 * Each step names the demo class to open next and the test that proves what it shows.
 */
public final class DemoTour {
    private DemoTour() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (KafkaConnection kafka = KafkaConnection.open("DemoTour", args)) {
            step(1, "Producer: properties -> producer -> send -> flush and close", "ProducerDemo");
            String topic = "tour." + ProducerDemo.TOPIC;
            Topics.ensure(kafka.clientProperties(), topic, 3, 1);
            ProducerDemo.send(kafka.clientProperties(), topic, 6);

            step(2, "Consumer group: read it back, with partition and offset", "ConsumerDemo");
            ConsumerDemo.consume(kafka.clientProperties(), topic, "tour-group", Duration.ofSeconds(2));
        }
        System.out.printf("%nTour done in %.1f s. Next: open docs/README.md, or run any demo class from your IDE.%n",
                (System.nanoTime() - t0) / 1e9);
    }

    static void step(int n, String title, String demoClass) {
        System.out.printf("%n=== %d. %s  (demo: %s)%n", n, title, demoClass);
    }
}
