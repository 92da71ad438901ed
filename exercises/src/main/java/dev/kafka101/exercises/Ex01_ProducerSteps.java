package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Properties;

/**
 * Exercise 1: write the notes' four producer steps so that every value is stored on the broker when the method returns.
 * Checked by {@code Ex01ProducerStepsTest}; the lesson: docs/producer.md.
 */
public final class Ex01_ProducerSteps {
    private Ex01_ProducerSteps() {
    }

    /** Sends each value, in order, as a record without a key to {@code topic}; returns once all are stored. */
    public static void send(String bootstrapServers, String topic, List<String> values) {
        // ---- your code starts here ----
        // TODO(exercise): 1. producer properties (where Kafka is; how keys and values become bytes)
        //                 2. create the producer   3. send each value   4. flush and close
        throw new UnsupportedOperationException("TODO(exercise 1): write the four producer steps");
        // ---- your code ends here ----
    }
}
