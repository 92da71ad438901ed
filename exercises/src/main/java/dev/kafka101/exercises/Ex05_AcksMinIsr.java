package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

import java.util.Map;
import java.util.Properties;

/**
 * Exercise 5: choose acks and min.insync.replicas so a write to 3 replicas survives one stopped broker and is refused
 * when two are stopped. Checked by {@code Ex05AcksMinIsrTest}; the lesson: docs/acks-and-min-insync-replicas.md.
 */
public final class Ex05_AcksMinIsr {
    private Ex05_AcksMinIsr() {
    }

    /** The producer's durability setting(s); the test adds where Kafka is and the serializers. */
    public static Properties producerSettings() {
        // ---- your code starts here ----
        // TODO(exercise): how many replicas must have a record before the leader says "stored"?
        throw new UnsupportedOperationException("TODO(exercise 5): the producer's acks");
        // ---- your code ends here ----
    }

    /** The topic's setting(s), for a topic with replication factor 3. */
    public static Map<String, String> topicSettings() {
        // ---- your code starts here ----
        // TODO(exercise): how many in-sync replicas must a partition have to accept a write at all?
        throw new UnsupportedOperationException("TODO(exercise 5): the topic's min.insync.replicas");
        // ---- your code ends here ----
    }
}
