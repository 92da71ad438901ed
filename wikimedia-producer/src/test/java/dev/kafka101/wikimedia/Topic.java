package dev.kafka101.wikimedia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafka101.local.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Test plumbing: everything a topic holds, in partition order, and which synthetic event a record is. */
final class Topic {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Topic() {}

    /** Every record of {@code topic}, partition by partition, each partition in offset order. */
    static List<ConsumerRecord<String, String>> readAll(Properties connection, String topic) {
        Properties props = new Properties();
        props.putAll(connection);
        // what a downstream reader sees: no record of an aborted or open transaction
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return Topics.readAll(props, topic);
    }

    /** The position {@code n} of the synthetic event a record carries (from its meta.offset). */
    static long position(String json) {
        return meta(json).path("meta").path("offset").asLong() - SyntheticRecentChanges.FIRST_OFFSET;
    }

    static JsonNode meta(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
