package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * Exercise 6 (solution): an idempotent producer stores each record exactly once, in order, despite lost responses.
 * Checked by {@code Ex06NoDuplicatesTest}; the lesson: docs/idempotence-and-retries.md.
 */
public final class Ex06_NoDuplicates {
    private Ex06_NoDuplicates() {
    }

    /** A producer's settings; the test sends 20 records through a network that loses every 5th Produce response. */
    public static Properties producerSettings(String bootstrapServers) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // ---- your code starts here ----
        // acks=1 silently switched idempotence off. Idempotence needs acks=all; say both, so nobody "optimises" it away:
        // the producer id + sequence number let the broker drop a retried batch it already has
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // ---- your code ends here ----
        return props;
    }
}
