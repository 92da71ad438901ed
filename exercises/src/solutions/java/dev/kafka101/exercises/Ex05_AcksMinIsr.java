package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Map;
import java.util.Properties;

/**
 * Exercise 5 (solution): acks=all and min.insync.replicas=2 on 3 replicas: one broker may stop, two may not.
 * Checked by {@code Ex05AcksMinIsrTest}; the lesson: docs/acks-and-min-insync-replicas.md.
 */
public final class Ex05_AcksMinIsr {
    private Ex05_AcksMinIsr() {
    }

    /** The producer's durability setting(s); the test adds where Kafka is and the serializers. */
    public static Properties producerSettings() {
        // ---- your code starts here ----
        Properties props = new Properties();
        // the leader answers only when every replica in the ISR has the record (the default since Kafka 3.0)
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        return props;
        // ---- your code ends here ----
    }

    /** The topic's setting(s), for a topic with replication factor 3. */
    public static Map<String, String> topicSettings() {
        // ---- your code starts here ----
        // ... and refuses (NOT_ENOUGH_REPLICAS) while fewer than 2 replicas, the leader included, are in sync
        return Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        // ---- your code ends here ----
    }
}
