package dev.kafka101.exercises;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * Exercise 4 (solution): the producer uses round-robin instead of the built-in sticky partitioner.
 * Checked by {@code Ex04PartitionerTest}; the lesson: docs/partitioning.md.
 */
public final class Ex04_Partitioner {
    private Ex04_Partitioner() {
    }

    /** Settings of a producer that sends keyless records to each partition in turn: 0, 1, 2, 0, 1, 2, ... */
    public static Properties producerSettings(String bootstrapServers) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // ---- your code starts here ----
        // each record to the next partition: smaller batches, more of them (the price of an even spread)
        props.setProperty(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());
        // ---- your code ends here ----
        return props;
    }
}
