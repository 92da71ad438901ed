package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * Exercise 6: make this producer store each record exactly once, in order, even when the broker's responses get lost.
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
        // TODO(exercise): someone set acks=1 "for speed". Run the checker: what does it cost when responses get lost?
        props.setProperty(ProducerConfig.ACKS_CONFIG, "1");
        // ---- your code ends here ----
        return props;
    }
}
