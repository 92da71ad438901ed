package dev.kafka101.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Plumbing for demos: make sure the topic a lesson writes to exists, and say what it looks like. */
public final class Topics {
    private Topics() {}

    /**
     * Creates {@code topic} if it does not exist (replication factor capped at the number of brokers) and prints one
     * line about it. Returns its partition count (an existing topic keeps its own).
     */
    public static int ensure(
            Properties clientProperties,
            String topic,
            int partitions,
            int replicationFactor,
            Map<String, String> configs) {
        try (Admin admin = Admin.create(clientProperties)) {
            int brokers =
                    admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).size();
            short rf = (short) Math.max(1, Math.min(replicationFactor, brokers));
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, rf).configs(configs)))
                        .all()
                        .get(15, TimeUnit.SECONDS);
                System.out.printf(
                        "Created topic %s: %d partitions, replication factor %d%s%n",
                        topic, partitions, rf, configs.isEmpty() ? "" : ", " + configs);
                awaitServing(admin, topic, partitions, Duration.ofSeconds(15));
                return partitions;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new BadInputException(
                            "cannot create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
            TopicDescription d = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(topic);
            System.out.printf(
                    "Topic %s exists: %d partitions, replication factor %d%n",
                    topic,
                    d.partitions().size(),
                    d.partitions().get(0).replicas().size());
            return d.partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while creating topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BadInputException("cannot create topic " + topic + ": " + cause.getMessage(), cause);
        }
    }

    public static int ensure(Properties clientProperties, String topic, int partitions, int replicationFactor) {
        return ensure(clientProperties, topic, partitions, replicationFactor, Map.of());
    }

    /**
     * Waits until every partition of a new topic has a leader that knows it leads: metadata names a leader for each,
     * and each leader answers a ListOffsets request for it. Without the second check, an idempotent producer's very
     * first batch can meet NOT_LEADER_OR_FOLLOWER on a busy machine, and its retry then stalls on
     * OutOfOrderSequence until delivery.timeout.ms.
     */
    public static void awaitServing(Admin admin, String topic, int partitions, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            all.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription d = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(5, TimeUnit.SECONDS)
                        .get(topic);
                if (d.partitions().size() == partitions
                        && d.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    admin.listOffsets(all).all().get(5, TimeUnit.SECONDS); // answered by each partition's leader
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata not there yet (UnknownTopicOrPartition, NotLeaderOrFollower): ask again
            }
            TimeUnit.MILLISECONDS.sleep(25);
        }
        throw new TimeoutException("topic " + topic + " is not served by a leader for every partition after "
                + timeout.toSeconds() + " s");
    }

    /**
     * Plumbing: one acknowledged record per partition before a measured run. Right after a topic is created its
     * metadata can name a leader a moment before that broker accepts writes; a producer firing many batches at once
     * can then have its first batch refused (NOT_LEADER_OR_FOLLOWER) while later ones are stored, and with
     * idempotence the retried first batch is refused as out of sequence until delivery.timeout.ms (seen on a busy
     * machine). One single-batch write per partition waits that moment out.
     */
    public static void writeOneRecordToEachPartition(Properties connection, String topic, int partitions) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                acks.add(
                        producer.send(new ProducerRecord<>(topic, p, null, "ready?".getBytes(StandardCharsets.UTF_8))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new BadInputException("cannot write to " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while writing to " + topic, e);
        }
    }

    /**
     * Every record of {@code topic} as text, sorted by partition then offset: reads all partitions from the beginning
     * without a group (assign, no rebalance wait) up to the end offsets they had when the call started, and, when
     * {@code atLeast} > 0, on until that many records came or {@code timeout} ran out (then once more to the new end,
     * so records beyond the expected count, e.g. duplicates, show too). {@code clientProperties} may carry consumer
     * settings such as {@code isolation.level=read_committed}. Throws when records that were there cannot be read
     * within {@code timeout}; returns fewer than {@code atLeast} when fewer came (the caller's assertion says so).
     */
    public static List<ConsumerRecord<String, String>> readAll(
            Properties clientProperties, String topic, int atLeast, Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            readTo(consumer, consumer.endOffsets(partitions, timeout), all, deadline, topic);
            while (all.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(all::add);
            }
            if (atLeast > 0) {
                readTo(
                        consumer,
                        consumer.endOffsets(partitions, timeout),
                        all,
                        System.nanoTime() + timeout.toNanos(),
                        topic);
            }
        }
        all.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return all;
    }

    /** Every record of {@code topic} up to its end offsets (see {@link #readAll(Properties, String, int, Duration)}). */
    public static List<ConsumerRecord<String, String>> readAll(Properties clientProperties, String topic) {
        return readAll(clientProperties, topic, 0, Duration.ofSeconds(30));
    }

    /** The values of {@link #readAll(Properties, String)}. */
    public static List<String> readValues(Properties clientProperties, String topic) {
        return readAll(clientProperties, topic).stream()
                .map(ConsumerRecord::value)
                .toList();
    }

    private static void readTo(
            KafkaConsumer<String, String> consumer,
            Map<TopicPartition, Long> end,
            List<ConsumerRecord<String, String>> into,
            long deadline,
            String topic) {
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end " + end + " in time");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(into::add);
        }
    }
}
