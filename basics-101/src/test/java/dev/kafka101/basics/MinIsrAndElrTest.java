package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@code min.insync.replicas} means since Kafka 3.7/4.1 beyond acks=all, on the shared 3-broker cluster: the high
 * watermark stops while the ISR is below it (KAFKA-15583), and eligible leader replicas (KIP-966) are on by default.
 * See docs/acks-and-min-insync-replicas.md.
 */
@EmbeddedKafka(brokers = 3)
class MinIsrAndElrTest {

    @Test
    @Tag("claim")
    void acksOneWriteUnderMinIsrIsAcceptedButInvisibleToConsumersUntilTheIsrRecovers(KafkaTestCluster kafka)
            throws Exception {
        assumeTrue(kafka.canStopBrokers(), "stops a broker: needs the embedded cluster");
        Admin admin = kafka.admin();
        String topic = kafka.uniqueTopicName();
        TopicPartition tp = new TopicPartition(topic, 0);
        // replicas [0, 1]: leader 0 (the controller node, never stopped), follower 1; min.insync.replicas 2
        admin.createTopics(List.of(
                        new NewTopic(topic, Map.of(0, List.of(0, 1))).configs(Map.of("min.insync.replicas", "2"))))
                .all()
                .get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin, topic).size() == 2);

        kafka.stopBroker(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin, topic).equals(List.of(0)));

        Properties producerProps = kafka.clientProperties();
        producerProps.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerProps.setProperty(ProducerConfig.ACKS_CONFIG, "1");
        producerProps.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // named: acks=1 needs it off
        RecordMetadata acked;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            acked = producer.send(new ProducerRecord<>(topic, "written while the ISR is [0]"))
                    .get(30, TimeUnit.SECONDS);
        }
        long hwWhileUnderMinIsr = highWatermark(admin, tp);
        long storedBytes =
                admin.describeLogDirs(List.of(0)).allDescriptions().get(30, TimeUnit.SECONDS).get(0).values().stream()
                        .map(d -> d.replicaInfos().get(tp))
                        .filter(java.util.Objects::nonNull)
                        .mapToLong(r -> r.size())
                        .sum();

        Properties consumerProps = kafka.clientProperties();
        consumerProps.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumerProps.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // the default, named
        List<ConsumerRecord<String, String>> seenUnderMinIsr = new ArrayList<>();
        List<ConsumerRecord<String, String>> seenAfterRecovery = new ArrayList<>();
        long hwAfterRecovery;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500); // a bounded look: 1.5 s of polls
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(100)).forEach(seenUnderMinIsr::add);
            }

            kafka.restartBroker(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> isr(admin, topic).size() == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(seenAfterRecovery::add);
                return !seenAfterRecovery.isEmpty();
            });
            hwAfterRecovery = highWatermark(admin, tp);
        }
        System.out.printf(
                "acks=1 with ISR [0] < min.insync.replicas 2: accepted at offset %d, leader holds %d bytes, "
                        + "high watermark %d, consumer saw %d record(s) in 1.5 s; follower back: high watermark %d, "
                        + "consumer saw %d%n",
                acked.offset(),
                storedBytes,
                hwWhileUnderMinIsr,
                seenUnderMinIsr.size(),
                hwAfterRecovery,
                seenAfterRecovery.size());
        assertThat(acked.offset()).isZero();
        assertThat(storedBytes).as("the record is in the leader's log").isPositive();
        assertThat(hwWhileUnderMinIsr).as("high watermark while under min ISR").isZero();
        assertThat(seenUnderMinIsr).isEmpty();
        assertThat(hwAfterRecovery).isEqualTo(1);
        assertThat(seenAfterRecovery).extracting(ConsumerRecord::value).containsExactly("written while the ISR is [0]");
    }

    @Test
    @Tag("claim")
    void eligibleLeaderReplicasAreOnByDefaultSoBrokerLevelMinIsrIsRefusedAndTheClusterLevelOneStays(
            KafkaTestCluster kafka) throws Exception {
        Admin admin = kafka.admin();
        FinalizedVersionRange elr = admin.describeFeatures()
                .featureMetadata()
                .get(30, TimeUnit.SECONDS)
                .finalizedFeatures()
                .get("eligible.leader.replicas.version");
        ConfigResource oneBroker = new ConfigResource(ConfigResource.Type.BROKER, "1");
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
        Throwable perBroker = catchThrowable(() -> admin.incrementalAlterConfigs(Map.of(
                        oneBroker,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS));
        Throwable removeClusterLevel = catchThrowable(() -> admin.incrementalAlterConfigs(Map.of(
                        clusterDefault,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("min.insync.replicas", ""), AlterConfigOp.OpType.DELETE))))
                .all()
                .get(30, TimeUnit.SECONDS));
        ConfigEntry effective = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "0")))
                .all()
                .get(30, TimeUnit.SECONDS)
                .values()
                .iterator()
                .next()
                .get("min.insync.replicas");

        System.out.printf(
                "eligible.leader.replicas.version finalized %s; broker-level min.insync.replicas: %s; "
                        + "removing the cluster-level one: %s; broker 0 sees min.insync.replicas=%s (%s)%n",
                elr,
                perBroker.getCause().getMessage(),
                removeClusterLevel.getCause().getMessage(),
                effective.value(),
                effective.source());
        assertThat(elr).isNotNull();
        assertThat(elr.maxVersionLevel()).isEqualTo((short) 1);
        assertThat(perBroker)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Broker-level min.insync.replicas cannot be altered while ELR is enabled.");
        assertThat(removeClusterLevel)
                .cause()
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Cluster-level min.insync.replicas cannot be removed while ELR is enabled.");
        assertThat(effective.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG);
    }

    private static List<Integer> isr(Admin admin, String topic) throws Exception {
        return admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .get(0)
                .isr()
                .stream()
                .map(n -> n.id())
                .sorted()
                .toList();
    }

    /** ListOffsets "latest" at the default isolation level (read_uncommitted) answers the high watermark. */
    private static long highWatermark(Admin admin, TopicPartition tp) throws Exception {
        return admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                .partitionResult(tp)
                .get(10, TimeUnit.SECONDS)
                .offset();
    }
}
