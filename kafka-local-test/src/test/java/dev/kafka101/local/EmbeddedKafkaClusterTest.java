package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@EmbeddedKafka(brokers = 3)
class EmbeddedKafkaClusterTest {

    @Test
    void threeBrokersAreRegisteredAndNodeZeroIsTheController(KafkaTestCluster kafka) throws Exception {
        var cluster = kafka.admin().describeCluster();
        assertThat(cluster.nodes().get(10, TimeUnit.SECONDS))
                .extracting(n -> n.id())
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(kafka.brokerCount()).isEqualTo(3);
    }

    @Test
    void minIsr3RejectsAcksAllWhenOneBrokerIsDownAndAcceptsAgainAfterRestart(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(1, 3, Map.of("min.insync.replicas", "3"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            assertThat(send(producer, topic, "all three up").offset()).isEqualTo(0);

            int victim = followerOf(kafka, topic);
            kafka.stopBroker(victim);
            await().atMost(Duration.ofSeconds(20)).until(() -> isr(kafka, topic).size() == 2);

            assertThatThrownBy(() -> send(producer, topic, "only two in sync"))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(NotEnoughReplicasException.class);

            kafka.restartBroker(victim);
            await().atMost(Duration.ofSeconds(30)).until(() -> isr(kafka, topic).size() == 3);
            assertThat(send(producer, topic, "three again").offset()).isEqualTo(1);
        }
    }

    @Test
    void theControllerNodeCannotBeStoppedWhileOtherBrokersRun(KafkaTestCluster kafka) {
        org.junit.jupiter.api.Assumptions.assumeTrue(kafka.canStopBrokers());
        assertThatThrownBy(() -> kafka.stopBroker(EmbeddedKafkaCluster.CONTROLLER_NODE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("controller");
    }

    private static Properties producerProps(KafkaTestCluster kafka) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // no retries, so the broker's NotEnoughReplicas answer reaches us as it is (with retries it would be
        // retried until delivery.timeout.ms and surface as a TimeoutException)
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.RETRIES_CONFIG, "0");
        return p;
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String value)
            throws Exception {
        return producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
    }

    private static int followerOf(KafkaTestCluster kafka, String topic) throws Exception {
        TopicPartitionInfo p = partition(kafka, topic);
        return p.replicas().stream()
                .map(n -> n.id())
                .filter(id -> id != p.leader().id() && id != EmbeddedKafkaCluster.CONTROLLER_NODE)
                .findFirst()
                .orElseThrow();
    }

    private static List<Integer> isr(KafkaTestCluster kafka, String topic) throws Exception {
        return partition(kafka, topic).isr().stream().map(n -> n.id()).toList();
    }

    private static TopicPartitionInfo partition(KafkaTestCluster kafka, String topic) throws Exception {
        return kafka.admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .get(0);
    }
}
