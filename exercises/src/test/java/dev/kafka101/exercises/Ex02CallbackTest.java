package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 2,
        title = "a callback that reports partition and offset",
        stub = Ex02_Callback.class,
        docs = "docs/producer.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "send() has a second form: send(record, callback). The callback is called once the broker has answered.",
            "a Callback is (RecordMetadata metadata, Exception e) -> ...; metadata.partition() and metadata.offset()"
                    + " say where the record landed, e is non-null when the send failed.",
            "producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> { if (e == null)"
                    + " report.landed(value, metadata.partition(), metadata.offset()); });"
        })
class Ex02CallbackTest {

    @Test
    void theCallbackReportsThePartitionAndOffsetEachRecordReallyHas(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(3, 1);
        List<String> values =
                IntStream.range(0, 12).mapToObj(i -> "reading-" + i).toList();
        Map<String, String> reported = new ConcurrentHashMap<>();
        Map<String, Integer> calls = new ConcurrentHashMap<>();
        // batch.size 64 B: the records spread over the partitions, so a guessed partition cannot pass
        try (KafkaProducer<String, String> producer =
                TestKafka.producer(kafka.clientProperties(), Map.of(ProducerConfig.BATCH_SIZE_CONFIG, "64"))) {
            Ex02_Callback.sendAll(producer, topic, values, (value, partition, offset) -> {
                reported.put(value, partition + "@" + offset);
                calls.merge(value, 1, Integer::sum);
            });
            producer.flush();
        }

        Check.that(
                !reported.isEmpty(),
                "no callback call for any of the " + values.size() + " records",
                "one report.landed(value, partition, offset) per record, from the callback",
                "which form of send() takes a function that runs when the broker has answered?");
        List<ConsumerRecord<String, String>> stored =
                TestKafka.readAll(kafka.clientProperties(), topic, values.size(), Duration.ofSeconds(5));
        for (ConsumerRecord<String, String> r : stored) {
            String actual = r.partition() + "@" + r.offset();
            String said = reported.get(r.value());
            Check.that(
                    said != null,
                    "no report for '" + r.value() + "' (stored in partition " + r.partition() + " at offset "
                            + r.offset() + "); " + reported.size() + " of " + values.size() + " reported",
                    "a report for every record",
                    "is the callback passed to every send()?");
            Check.that(
                    said.equals(actual),
                    "'" + r.value() + "' was reported at partition " + said.replace("@", " offset ")
                            + ", but the topic holds it at partition " + r.partition() + " offset " + r.offset(),
                    "the partition and offset from the RecordMetadata the callback receives",
                    "where does the callback get the real partition and offset from?");
        }
        calls.forEach((value, n) -> Check.that(
                n == 1,
                "'" + value + "' was reported " + n + " times",
                "one report per record",
                "is report.landed called once per callback?"));
    }
}
