package dev.kafka101.exercises.check;

import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test plumbing shared by the exercise tests: the test's own producer, reading a topic, a group's offsets. */
public final class TestKafka {
    private TestKafka() {}

    /** A String producer of the test's own (not the learner's), with extra settings. */
    public static KafkaProducer<String, String> producer(Properties connection, Map<String, String> settings) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(settings);
        return new KafkaProducer<>(props);
    }

    /** Writes {@code perPartition} records "p-i" to each partition, waiting for the acknowledgements. */
    public static void fill(Properties connection, String topic, int... perPartition) throws Exception {
        try (KafkaProducer<String, String> producer = producer(connection, Map.of())) {
            for (int p = 0; p < perPartition.length; p++) {
                for (int i = 0; i < perPartition[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, null, p + "-" + i));
                }
            }
            producer.flush();
        }
    }

    /** Reads the topic from the beginning without a group until {@code expected} records or {@code timeout}. */
    public static List<ConsumerRecord<String, String>> readAll(
            Properties connection, String topic, int expected, Duration timeout) {
        return Topics.readAll(connection, topic, expected, timeout);
    }

    /** The group's committed offsets, partition number to offset, for one topic. */
    public static Map<Integer, Long> committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<Integer, Long> byPartition = new TreeMap<>();
        offsets.forEach((tp, o) -> {
            if (tp.topic().equals(topic) && o != null) {
                byPartition.put(tp.partition(), o.offset());
            }
        });
        return byPartition;
    }

    /** Runs {@code body} on a daemon thread and keeps what it threw, for the test thread to rethrow. */
    public static final class Background {
        private final Thread thread;
        private volatile Throwable failure;

        public Background(String name, Runnable body) {
            thread = new Thread(
                    () -> {
                        try {
                            body.run();
                        } catch (Throwable t) {
                            failure = t;
                        }
                    },
                    name);
            thread.setDaemon(true);
            thread.start();
        }

        /** Waits up to {@code timeout}; true when the thread ended. */
        public boolean join(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
            return !thread.isAlive();
        }

        public boolean alive() {
            return thread.isAlive();
        }

        public Throwable failure() {
            return failure;
        }

        /** Rethrows what the body threw (the learner's exception reaches the friendly mapping unchanged). */
        public void rethrowFailure() {
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }
}
