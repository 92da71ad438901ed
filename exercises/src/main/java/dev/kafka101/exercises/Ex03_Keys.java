package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Exercise 3: build the record so that all events of one customer land in one partition, in the order they were sent.
 * Checked by {@code Ex03KeysTest}; the lesson: docs/partitioning.md.
 */
public final class Ex03_Keys {
    private Ex03_Keys() {
    }

    /** The record for one event of one customer (e.g. customer "c-7", event "c-7 order 3 paid"). */
    public static ProducerRecord<String, String> orderEvent(String topic, String customerId, String event) {
        // ---- your code starts here ----
        // TODO(exercise): this record has no key. Run the checker, see where one customer's events land, fix it.
        return new ProducerRecord<>(topic, event);
        // ---- your code ends here ----
    }
}
