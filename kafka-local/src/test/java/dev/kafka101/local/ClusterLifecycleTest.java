package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A cluster of its own (not the shared one): start, use, close, and nothing is left behind. */
class ClusterLifecycleTest {

    @Test
    void closedClusterLeavesNoBrokerThreadAndNoTempDirectory() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Path data;
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(1).build().start()) {
            data = cluster.dataDirectory();
            assertThat(data).isDirectory();
            assertThat(roundTrip(cluster.bootstrapServers())).isEqualTo("hello");
        }
        assertThat(Files.exists(data)).as("data directory deleted").isFalse();
        // Kafka threads stop asynchronously after shutdown returns; give them a bounded time, then none may be left.
        await().pollInSameThread().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(newThreads(before, false))
                    .as("non-daemon threads started by the cluster")
                    .isEmpty();
            assertThat(newThreads(before, true))
                    .as("daemon threads started by the cluster")
                    .allMatch(name -> name.startsWith("ForkJoinPool") || name.equals("process reaper"));
        });
    }

    @Test
    void stoppedBrokerRestartsOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
            String address = cluster.brokerAddress(2);
            cluster.stopBroker(2);
            assertThat(cluster.isRunning(2)).isFalse();
            assertThat(cluster.runningBrokers()).containsExactly(0, 1);
            cluster.restartBroker(2);
            assertThat(cluster.isRunning(2)).isTrue();
            assertThat(cluster.brokerAddress(2)).isEqualTo(address);
            assertThat(roundTrip(address)).isEqualTo("hello");
        }
    }

    private static List<String> newThreads(Set<Thread> before, boolean daemon) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive() && t.isDaemon() == daemon)
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    static String roundTrip(String bootstrap) throws Exception {
        String topic = "lifecycle-" + System.nanoTime();
        Map<String, Object> p = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "hello")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> c = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
            return values.get(0);
        }
    }
}
