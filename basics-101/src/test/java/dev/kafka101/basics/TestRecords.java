package dev.kafka101.basics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test helpers: read a group's remaining records, log-end offsets, committed offsets, parse a child's output. */
final class TestRecords {
    private static final Pattern PROCESSED =
            Pattern.compile("^processed partition=(\\d+) offset=(\\d+) key=", Pattern.MULTILINE);

    private TestRecords() {}

    /** "p@o" of every "processed partition=P offset=O" line, in order (duplicates kept). */
    static List<String> processedLines(String stdout) {
        List<String> out = new ArrayList<>();
        Matcher m = PROCESSED.matcher(stdout);
        while (m.find()) {
            out.add(m.group(1) + "@" + m.group(2));
        }
        return out;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return admin.listOffsets(ask).all().get(15, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(15, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        m.forEach((tp, o) -> {
            if (o != null) {
                out.put(tp, o.offset());
            }
        });
        return out;
    }

    /** Every "p@o" from 0 to the end offset of each partition. */
    static Set<String> allPositions(Map<TopicPartition, Long> ends) {
        Set<String> all = new TreeSet<>();
        ends.forEach((tp, end) -> {
            for (long o = 0; o < end; o++) {
                all.add(tp.partition() + "@" + o);
            }
        });
        return all;
    }

    /**
     * Joins {@code group} (classic protocol, given session timeout) and reads from its committed offsets until every
     * partition reached {@code ends}; returns the records read. Closes without committing.
     */
    static List<ConsumerRecord<String, String>> readRest(
            Properties connection,
            String topic,
            String group,
            Map<TopicPartition, Long> ends,
            int sessionTimeoutMs,
            Duration timeout) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(sessionTimeoutMs));
        props.setProperty(
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, String.valueOf(Math.min(3000, sessionTimeoutMs / 3)));
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                Set<TopicPartition> assigned = consumer.assignment();
                if (assigned.size() == ends.size()
                        && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    return read;
                }
            }
        }
        throw new AssertionError("group " + group + " did not reach the end offsets " + ends + " within " + timeout
                + "; read " + read.size());
    }

    /** Sends {@code count} records keyed key-0..key-11 (values "0".."count-1") and waits for every acknowledgement. */
    static void produce(Properties connection, String topic, int count) throws Exception {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(
                org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class.getName());
        props.setProperty(
                org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                org.apache.kafka.common.serialization.StringSerializer.class.getName());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(props)) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                acks.add(producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic, "key-" + (i % 12), String.valueOf(i))));
            }
            producer.flush();
            for (var f : acks) {
                f.get(15, TimeUnit.SECONDS);
            }
        }
    }

    static List<String> positions(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> r.partition() + "@" + r.offset()).toList();
    }
}
