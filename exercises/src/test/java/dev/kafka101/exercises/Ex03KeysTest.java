package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 3,
        title = "keys keep one customer's records in order",
        stub = Ex03_Keys.class,
        docs = "docs/partitioning.md",
        untouchedStubSays = "landed on partitions",
        hints = {
            "Kafka keeps order only within one partition. What could make every record of one customer pick the"
                    + " same partition?",
            "a record's key decides its partition: murmur2(key bytes) % partitions, the same result every time."
                    + " Records without a key are spread by the sticky partitioner instead.",
            "return new ProducerRecord<>(topic, customerId, event);  // topic, key, value"
        })
class Ex03KeysTest {

    @Test
    void everyCustomersEventsLandInOnePartitionInTheOrderTheyWereSent(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(3, 1);
        List<String> customers = List.of("c-1", "c-2", "c-3", "c-4");
        List<String> sent = new ArrayList<>();
        // batch.size 100 B: keyless records move to another partition every few records (sticky, KIP-794),
        // as they would after every 16 KB at the default size
        try (KafkaProducer<String, String> producer = TestKafka.producer(
                kafka.clientProperties(),
                Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "100", ProducerConfig.LINGER_MS_CONFIG, "0"))) {
            for (int order = 1; order <= 8; order++) {
                for (String c : customers) {
                    String event = c + " order " + order + " step " + order;
                    sent.add(event);
                    producer.send(Ex03_Keys.orderEvent(topic, c, event));
                }
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> stored =
                TestKafka.readAll(kafka.clientProperties(), topic, sent.size(), Duration.ofSeconds(5));
        Check.that(
                stored.size() == sent.size(),
                "the topic holds " + stored.size() + " of " + sent.size() + " events",
                "each event once",
                "does orderEvent put the event in the record's value?");
        for (String c : customers) {
            List<ConsumerRecord<String, String>> mine = stored.stream()
                    .filter(r -> r.value() != null && r.value().startsWith(c + " "))
                    .toList();
            TreeSet<Integer> partitions =
                    mine.stream().map(ConsumerRecord::partition).collect(Collectors.toCollection(TreeSet::new));
            Check.that(
                    partitions.size() == 1,
                    "customer " + c + "'s " + mine.size() + " events landed on partitions " + partitions
                            + ": a consumer reads each partition in order, but not across partitions",
                    "all events of one customer in one partition, in the order they were sent",
                    "what does the producer use to choose a record's partition, when the record has one?");
            List<String> order = mine.stream()
                    .sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                    .map(ConsumerRecord::value)
                    .toList();
            List<String> expected =
                    sent.stream().filter(e -> e.startsWith(c + " ")).toList();
            Check.that(
                    order.equals(expected),
                    "customer " + c + "'s events are stored as " + order,
                    expected.toString(),
                    "are the events sent in order, once each?");
            Check.that(
                    mine.stream().allMatch(r -> Objects.equals(r.key(), c)),
                    "customer " + c + "'s events are in one partition, but their key is "
                            + mine.stream()
                                    .map(r -> String.valueOf(r.key()))
                                    .distinct()
                                    .toList()
                            + " (one partition by luck: the next batch may go elsewhere)",
                    "the key " + c + " on each of them",
                    "which part of a record decides its partition?");
        }
    }
}
