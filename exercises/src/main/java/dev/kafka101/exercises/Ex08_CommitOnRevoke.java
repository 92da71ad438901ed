package dev.kafka101.exercises;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Exercise 8: a rebalance listener that commits on revoke, so a member joining the group causes no duplicates.
 * Checked by {@code Ex08CommitOnRevokeTest}; the lesson: docs/rebalance.md.
 */
public final class Ex08_CommitOnRevoke {
    private static final int COMMIT_EVERY = 100;

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final Consumer<ConsumerRecord<String, String>> process;
    /** Next offset to read per partition, for every record processed since the last commit. */
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>();

    public Ex08_CommitOnRevoke(Properties connection, String groupId, String topic,
                               Consumer<ConsumerRecord<String, String>> process) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // commits are ours: after processing, and only every COMMIT_EVERY records (each commit is a round trip)
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.process = process;
    }

    /** Polls and processes until {@link #shutdown()}; commits every 100 records and on the way out. */
    public void run() {
        int sinceCommit = 0;
        try {
            consumer.subscribe(List.of(topic), new CommitOnRevoke());
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    process.accept(r);
                    processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    if (++sinceCommit >= COMMIT_EVERY) {
                        consumer.commitSync(processed);
                        processed.clear();
                        sinceCommit = 0;
                    }
                }
            }
        } catch (WakeupException e) {
            // shutdown() was called
        } finally {
            try {
                consumer.commitSync(processed);
            } finally {
                consumer.close();
            }
        }
    }

    /** From another thread: makes run() finish. */
    public void shutdown() {
        consumer.wakeup();
    }

    /** Called by poll() when this member's partitions change. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // ---- your code starts here ----
            // TODO(exercise): these partitions are about to move to another member, which will start reading at
            //   their last committed offset. Up to 99 processed records per partition are not committed yet.
            // ---- your code ends here ----
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing to do: reading starts at the committed offsets
        }
    }
}
