package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;

/**
 * Exercise 2: send without waiting, and let a callback report where each record landed (partition and offset).
 * Checked by {@code Ex02CallbackTest}; the lesson: docs/producer.md.
 */
public final class Ex02_Callback {
    private Ex02_Callback() {
    }

    /** Where a record landed: called once per record, when the broker has acknowledged it. */
    @FunctionalInterface
    public interface Report {
        void landed(String value, int partition, long offset);
    }

    /**
     * Sends each value (no key) to {@code topic} with {@code producer} and returns without waiting for the broker;
     * for each record, {@code report.landed(...)} is called with its partition and offset once it is stored.
     */
    public static void sendAll(Producer<String, String> producer, String topic, List<String> values, Report report) {
        // ---- your code starts here ----
        // TODO(exercise): send each value with a Callback that calls report.landed(value, partition, offset)
        throw new UnsupportedOperationException("TODO(exercise 2): send with a callback");
        // ---- your code ends here ----
    }
}
