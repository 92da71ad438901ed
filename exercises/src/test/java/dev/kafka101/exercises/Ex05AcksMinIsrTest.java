package dev.kafka101.exercises;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.LazyKafka;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

@EmbeddedKafka(brokers = 3)
@Exercise(
        value = 5,
        title = "acks and min.insync.replicas: survive one stopped broker, refuse at two",
        stub = Ex05_AcksMinIsr.class,
        docs = "docs/acks-and-min-insync-replicas.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "two settings work together: one on the producer (how long the leader waits before it answers), one on"
                    + " the topic (how many in-sync replicas a write needs at least).",
            "acks=all: the leader answers once every replica in the ISR has the record. min.insync.replicas=N: with"
                    + " acks=all the leader refuses (NOT_ENOUGH_REPLICAS) while the ISR, leader included, is smaller than N.",
            "producer: props.setProperty(ProducerConfig.ACKS_CONFIG, \"all\"); topic:"
                    + " Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, \"2\") — 3 replicas, 1 may be missing."
        })
class Ex05AcksMinIsrTest {

    @Test
    void aWriteIsAcceptedWithOneBrokerStoppedAndRefusedWithTwoStopped(LazyKafka lazy) throws Exception {
        // the learner's settings first: an unwritten stub fails here, before a 3-broker cluster is started
        Properties producerSettings = Ex05_AcksMinIsr.producerSettings();
        Map<String, String> topicSettings = Ex05_AcksMinIsr.topicSettings();
        KafkaTestCluster kafka = lazy.get();
        assumeTrue(kafka.canStopBrokers(), "this exercise stops brokers: it needs the embedded cluster");

        String topic = kafka.uniqueTopicName();
        // 3 replicas, broker 0 the leader (the embedded cluster's controller cannot be stopped), 1 and 2 followers
        kafka.admin()
                .createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(0, 1, 2))).configs(topicSettings)))
                .all()
                .get(30, TimeUnit.SECONDS);
        awaitIsr(kafka, topic, 3);
        String settings = "acks=" + producerSettings.getProperty(ProducerConfig.ACKS_CONFIG, "all (default)")
                + ", min.insync.replicas="
                + topicSettings.getOrDefault(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1 (default)");

        Properties props = new Properties();
        props.putAll(producerSettings);
        props.putAll(kafka.clientProperties());
        Map<String, String> test = new HashMap<>();
        // the test's: give up a refused write after 3 s instead of retrying for 2 minutes
        test.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        test.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        test.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.forEach((k, v) -> test.putIfAbsent(String.valueOf(k), String.valueOf(v)));
        try (KafkaProducer<String, String> producer = TestKafka.producer(new Properties(), test)) {
            String allUp = send(producer, topic, "all brokers up");
            Check.that(
                    allUp == null,
                    "with all 3 brokers up (ISR [0, 1, 2]) the write was refused: " + allUp + " (" + settings + ")",
                    "accepted",
                    "can a partition with 3 replicas ever have more in sync than 3?");

            kafka.stopBroker(1);
            awaitIsr(kafka, topic, 2);
            String oneDown = send(producer, topic, "broker 1 stopped");
            Check.that(
                    oneDown == null,
                    "with broker 1 stopped (ISR [0, 2]) the write was refused: " + oneDown + " (" + settings + ")",
                    "accepted: one stopped broker is allowed",
                    "how many in-sync replicas, the leader included, are left, and how many does the topic demand?");

            kafka.stopBroker(2);
            awaitIsr(kafka, topic, 1);
            String twoDown = send(producer, topic, "brokers 1 and 2 stopped");
            boolean acksAll = "all".equals(test.get(ProducerConfig.ACKS_CONFIG))
                    || "-1".equals(test.get(ProducerConfig.ACKS_CONFIG))
                    || !test.containsKey(ProducerConfig.ACKS_CONFIG);
            Check.that(
                    twoDown != null,
                    "with brokers 1 and 2 stopped (ISR [0]) the write was acknowledged (" + settings
                            + "): only broker 0 has it, lose that disk and the record is gone",
                    "refused (NotEnoughReplicasException, retried until delivery.timeout.ms)",
                    acksAll
                            ? "which topic setting makes the leader refuse when too few replicas are in sync?"
                            : "with acks=" + test.get(ProducerConfig.ACKS_CONFIG) + " the leader answers alone:"
                                    + " min.insync.replicas applies to which acks setting only?");
        }
    }

    /** Sends one record and waits; null when acknowledged, else the error in one line. */
    private static String send(KafkaProducer<String, String> producer, String topic, String value) throws Exception {
        try {
            producer.send(new ProducerRecord<>(topic, value)).get(15, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getClass().getSimpleName();
        }
    }

    private static void awaitIsr(KafkaTestCluster kafka, String topic, int size) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    TopicDescription d = kafka.admin()
                            .describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(5, TimeUnit.SECONDS)
                            .get(topic);
                    List<Integer> isr =
                            d.partitions().get(0).isr().stream().map(Node::id).toList();
                    return isr.size() == size && d.partitions().get(0).leader() != null;
                });
    }
}
