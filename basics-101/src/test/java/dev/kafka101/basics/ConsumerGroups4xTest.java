package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Consumer-group behaviour of Kafka 4.x brokers the course notes never met: KIP-848 timeouts per group and their broker
 * bounds, a classic group converted to KIP-848 by a rolling switch, GroupIdNotFoundException for an unknown group.
 * See docs/rebalance.md and docs/offsets-and-reset.md.
 */
@EmbeddedKafka
class ConsumerGroups4xTest {

    @Test
    @Tag("claim")
    void brokerRefusesConsumerHeartbeatIntervalBelowItsMinimumUnlessTheMinimumIsLoweredToo() {
        Properties broker = new Properties();
        broker.setProperty("node.id", "1");
        broker.setProperty("process.roles", "broker,controller");
        broker.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:19093");
        broker.setProperty("controller.listener.names", "CONTROLLER");
        broker.setProperty("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        broker.setProperty("log.dirs", "/tmp/not-used");
        broker.setProperty("group.consumer.heartbeat.interval.ms", "1000");

        // Kafka's own broker configuration class, as kafka-server-start.sh builds it from server.properties
        assertThatThrownBy(() -> KafkaConfig.fromProps(broker, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("group.consumer.heartbeat.interval.ms must be greater than or equal to "
                        + "group.consumer.min.heartbeat.interval.ms");
        broker.setProperty("group.consumer.min.heartbeat.interval.ms", "500");
        assertThat(KafkaConfig.fromProps(broker, false).groupCoordinatorConfig().consumerGroupHeartbeatIntervalMs())
                .isEqualTo(1000);
    }

    @Test
    @Tag("claim")
    void kip848HeartbeatAndSessionTimeoutsCanBeSetPerGroupWithinTheBrokersBounds(KafkaTestCluster kafka)
            throws Exception {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, kafka.uniqueGroupId());
        // the embedded broker's bounds: heartbeat 500..15000 ms, session 6000..60000 ms
        setGroupConfig(kafka, group, "consumer.heartbeat.interval.ms", "2000");
        setGroupConfig(kafka, group, "consumer.session.timeout.ms", "8000");
        Throwable tooShort =
                catchThrowable(() -> setGroupConfig(kafka, group, "consumer.heartbeat.interval.ms", "100"));
        Throwable tooLong = catchThrowable(() -> setGroupConfig(kafka, group, "consumer.session.timeout.ms", "100000"));

        Map<String, String> described = new java.util.TreeMap<>();
        kafka.admin().describeConfigs(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).entries().stream()
                .filter(e -> e.name().startsWith("consumer."))
                .forEach(e -> described.put(e.name(), e.value()));
        System.out.printf(
                "group configs: %s; 100 ms: %s; 100000 ms: %s%n",
                described, tooShort.getCause().getMessage(), tooLong.getCause().getMessage());
        assertThat(described)
                .containsEntry("consumer.heartbeat.interval.ms", "2000")
                .containsEntry("consumer.session.timeout.ms", "8000");
        assertThat(tooShort)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("consumer.heartbeat.interval.ms must be in the range 500 to 15000 inclusive.");
        assertThat(tooLong)
                .cause()
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("consumer.session.timeout.ms must be in the range 6000 to 60000 inclusive.");
    }

    @Test
    @Tag("claim")
    void aClassicGroupBecomesAKip848GroupWhenAConsumerProtocolMemberJoinsIt(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(2, 1);
        String groupId = kafka.uniqueGroupId();
        Properties classic = consumerProps(kafka, groupId);
        classic.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        classic.setProperty(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        classic.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500"); // learns of the rebalance sooner
        Properties kip848 = consumerProps(kafka, groupId);
        kip848.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");

        try (KafkaConsumer<String, String> a = new KafkaConsumer<>(classic)) {
            a.subscribe(List.of(topic));
            pollUntil(() -> a.assignment().size() == 2, a);
            ConsumerGroupDescription before = describe(kafka, groupId);
            try (KafkaConsumer<String, String> b = new KafkaConsumer<>(kip848)) {
                b.subscribe(List.of(topic));
                pollUntil(() -> a.assignment().size() == 1 && b.assignment().size() == 1, a, b);
                ConsumerGroupDescription after = describe(kafka, groupId);
                System.out.printf(
                        "classic member alone: type %s; a consumer-protocol member joined: type %s, " + "members %s%n",
                        before.type(),
                        after.type(),
                        after.members().stream()
                                .map(m -> m.clientId() + " upgraded="
                                        + m.upgraded().orElse(null))
                                .toList());
                assertThat(before.type()).isEqualTo(GroupType.CLASSIC);
                assertThat(after.type()).isEqualTo(GroupType.CONSUMER);
                assertThat(after.members()).hasSize(2);
                // Admin.listGroups (4.1+), as DescribeGroupDemo lists groups, shows the converted type too
                assertThat(DescribeGroupDemo.listConsumerGroups(kafka.admin()))
                        .contains(groupId + " (Consumer, Stable)");
            }
        }
    }

    @Test
    @Tag("claim")
    void describingAGroupThatDoesNotExistThrowsGroupIdNotFoundException(KafkaTestCluster kafka) {
        String unknown = kafka.uniqueGroupId();
        Throwable t = catchThrowable(() ->
                kafka.admin().describeConsumerGroups(List.of(unknown)).all().get(10, TimeUnit.SECONDS));
        System.out.println("describeConsumerGroups(unknown): " + t.getCause());
        assertThat(t)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(GroupIdNotFoundException.class)
                .hasMessageContaining(unknown);
    }

    private static void setGroupConfig(KafkaTestCluster kafka, ConfigResource group, String name, String value)
            throws Exception {
        kafka.admin()
                .incrementalAlterConfigs(Map.of(
                        group, List.of(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET))))
                .all()
                .get(10, TimeUnit.SECONDS);
    }

    private static ConsumerGroupDescription describe(KafkaTestCluster kafka, String groupId) throws Exception {
        return kafka.admin()
                .describeConsumerGroups(List.of(groupId))
                .describedGroups()
                .get(groupId)
                .get(10, TimeUnit.SECONDS);
    }

    @SafeVarargs
    private static void pollUntil(java.util.function.BooleanSupplier done, KafkaConsumer<String, String>... consumers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("group settled within 30 s").isLessThan(deadline);
            for (KafkaConsumer<String, String> c : consumers) {
                c.poll(Duration.ofMillis(100));
            }
        }
    }

    private static Properties consumerProps(KafkaTestCluster kafka, String groupId) {
        Properties props = kafka.clientProperties();
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return props;
    }
}
