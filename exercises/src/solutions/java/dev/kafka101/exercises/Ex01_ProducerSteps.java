package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Properties;

/**
 * Exercise 1 (solution): the notes' four producer steps; every value is stored on the broker when the method returns.
 * Checked by {@code Ex01ProducerStepsTest}; the lesson: docs/producer.md.
 */
public final class Ex01_ProducerSteps {
    private Ex01_ProducerSteps() {
    }

    /** Sends each value, in order, as a record without a key to {@code topic}; returns once all are stored. */
    public static void send(String bootstrapServers, String topic, List<String> values) {
        // ---- your code starts here ----
        // 1. properties: where Kafka is, and how keys and values become bytes
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // 2. create the producer; try-with-resources is step 4's close(), which also flushes
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // 3. send: each record goes into the producer's buffer, the network thread sends batches
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            // 4. flush: block until everything buffered is acknowledged (close() would do it too)
            producer.flush();
        }
        // ---- your code ends here ----
    }
}
