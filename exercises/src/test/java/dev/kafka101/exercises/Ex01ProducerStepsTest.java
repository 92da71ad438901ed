package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 1,
        title = "the four producer steps",
        stub = Ex01_ProducerSteps.class,
        docs = "docs/producer.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "the notes list four steps: properties, create, send, flush and close. Start with a Properties object.",
            "a producer needs bootstrap.servers and a key and value serializer (StringSerializer). send() only"
                    + " buffers a record; flush() waits until the buffer is acknowledged, close() flushes and frees.",
            "props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers); the two *_SERIALIZER_CLASS_CONFIG"
                    + " = StringSerializer.class.getName(); try (var p = new KafkaProducer<String, String>(props))"
                    + " { for each value: p.send(new ProducerRecord<>(topic, value)); p.flush(); }"
        })
class Ex01ProducerStepsTest {

    @Test
    void everyValueIsStoredInOrderWhenSendReturnsAndTheProducerIsClosed(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(1, 1);
        List<String> values =
                List.of("order-1 created", "order-1 paid", "order-2 created", "order-1 shipped", "order-2 paid");
        Set<String> producerThreadsBefore = producerThreads();

        Ex01_ProducerSteps.send(kafka.bootstrapServers(), topic, values);

        Set<String> stillRunning = producerThreads();
        stillRunning.removeAll(producerThreadsBefore);
        // read what is there right now (plus a moment): what a send() that was only buffered has not delivered yet is
        // missing
        List<String> stored =
                TestKafka.readAll(kafka.clientProperties(), topic, values.size(), Duration.ofSeconds(3)).stream()
                        .map(ConsumerRecord::value)
                        .toList();
        Check.that(
                stored.size() >= values.size(),
                "when send() returned, the topic held " + stored.size() + " of the " + values.size() + " records",
                "all " + values.size() + " stored before your method returns",
                "send() puts a record in the producer's buffer and returns at once: what makes the producer deliver"
                        + " its buffer before your program moves on?");
        Check.that(
                stored.equals(values),
                "the topic holds " + stored,
                "exactly " + values + ", in this order, once each",
                "one partition keeps the order of send() calls: was every value sent once, in order?");
        Check.that(
                stillRunning.isEmpty(),
                "the records are stored, but the producer still runs after send() returned (thread "
                        + String.join(", ", stillRunning) + ")",
                "the producer closed: its buffer memory, connections and network thread released",
                "what is the fourth step of the notes?");
    }

    private static Set<String> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("kafka-producer-network-thread"))
                .collect(Collectors.toSet());
    }
}
