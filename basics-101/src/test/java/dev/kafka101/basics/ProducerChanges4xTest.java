package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.RecordAccumulator;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Producer behaviour that changed in Kafka 3.x/4.x and that the course notes never met, each shown on the embedded
 * broker: the delivery-timeout rules, flush() in a callback (4.1), future timestamps (4.0), partitioner.ignore.keys.
 * See docs/idempotence-and-retries.md and docs/partitioning.md.
 */
@EmbeddedKafka
class ProducerChanges4xTest {

    @Test
    @Tag("claim")
    void deliveryTimeoutBelowRequestTimeoutPlusLingerIsAConfigErrorOnlyWhenSetExplicitly(KafkaTestCluster kafka)
            throws Exception {
        // explicitly set too low: the constructor refuses
        Properties explicit = producerProps(kafka);
        explicit.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "130000");
        explicit.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        assertThatThrownBy(() -> new KafkaProducer<String, String>(explicit).close())
                .isInstanceOf(KafkaException.class)
                .hasRootCauseInstanceOf(ConfigException.class)
                .rootCause()
                .hasMessage("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");

        // left at its default (120 000) but below request.timeout.ms + linger.ms: raised, with a WARN
        Properties implicit = producerProps(kafka);
        implicit.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "130000");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream original = System.err;
        long effective;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8)); // slf4j-simple writes to System.err
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(implicit)) {
            effective = deliveryTimeoutInUse(producer);
            producer.send(new ProducerRecord<>(kafka.createTopic(1, 1), "works"))
                    .get(30, TimeUnit.SECONDS);
        } finally {
            System.setErr(original);
        }
        String warning = stderr.toString(StandardCharsets.UTF_8)
                .lines()
                .filter(l -> l.contains("delivery.timeout.ms should be"))
                .findFirst()
                .orElse("(no WARN line)");
        System.out.printf(
                "explicit 120000 < 130000 + 5: ConfigException; default: raised to %d, logged: %s%n",
                effective, warning);
        assertThat(effective).isEqualTo(130_005);
        assertThat(warning).contains("[WARN]").contains("Setting it to 130005.");
    }

    @Test
    @Tag("claim")
    void timeBlockedInsideSendBeforeTheRecordIsBatchedDoesNotCountTowardsTheDeliveryTimeout(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(1, 1);
        Properties props = producerProps(kafka);
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "2500");
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SlowSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "warm-up")).get(30, TimeUnit.SECONDS); // metadata fetched
            long t0 = System.nanoTime();
            // the serializer takes 3 s: time spent inside send(), before the record reaches a batch
            var future = producer.send(new ProducerRecord<>(topic, "slow:3000"));
            long blockedMs = (System.nanoTime() - t0) / 1_000_000;
            RecordMetadata acked = future.get(30, TimeUnit.SECONDS);
            long totalMs = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf(
                    "send() blocked %d ms (> delivery.timeout.ms 2500), acked at offset %d after %d ms%n",
                    blockedMs, acked.offset(), totalMs);
            assertThat(blockedMs).isGreaterThan(2500);
            assertThat(acked.offset()).isEqualTo(1);
        }
    }

    @Test
    @Tag("claim")
    void flushInsideAProducerCallbackThrowsKafkaExceptionInsteadOfDeadlocking(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(1, 1);
        CompletableFuture<Throwable> fromFlush = new CompletableFuture<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            producer.send(new ProducerRecord<>(topic, "x"), (metadata, error) -> {
                try {
                    producer.flush(); // before 4.1: the producer's I/O thread waits for itself, forever
                    fromFlush.complete(null);
                } catch (Throwable t) {
                    fromFlush.complete(t);
                }
            });
            Throwable t = fromFlush.get(30, TimeUnit.SECONDS);
            System.out.println("flush() in a callback: " + t);
            assertThat(t)
                    .isInstanceOf(KafkaException.class)
                    .hasMessageContaining("flush() invocation inside a callback is not permitted");
        }
    }

    @Test
    @Tag("claim")
    void aRecordStampedTwoHoursInTheFutureIsRejectedWithInvalidTimestampException(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(1, 1);
        long now = System.currentTimeMillis();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(kafka))) {
            Throwable future = catchThrowable(() -> producer.send(new ProducerRecord<>(
                            topic, 0, now + Duration.ofHours(2).toMillis(), null, "from the future"))
                    .get(30, TimeUnit.SECONDS));
            RecordMetadata nearFuture = producer.send(new ProducerRecord<>(
                            topic, 0, now + Duration.ofMinutes(30).toMillis(), null, "30 min ahead"))
                    .get(30, TimeUnit.SECONDS);
            RecordMetadata past = producer.send(new ProducerRecord<>(
                            topic, 0, now - Duration.ofDays(365).toMillis(), null, "a year old"))
                    .get(30, TimeUnit.SECONDS);
            System.out.printf(
                    "+2 h: %s; +30 min: offset %d; -1 year: offset %d%n",
                    future.getCause(), nearFuture.offset(), past.offset());
            assertThat(future)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(InvalidTimestampException.class);
            assertThat(nearFuture.offset()).isZero();
            assertThat(past.offset()).isEqualTo(1);
        }
    }

    @Test
    @Tag("claim")
    void partitionerIgnoreKeysSpreadsKeyedRecordsLikeKeylessOnesInsteadOfByMurmur2(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(6, 1);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("user-" + i);
        }
        List<Integer> byKey = sendKeyed(kafka, topic, keys, false);
        List<Integer> ignored = sendKeyed(kafka, topic, keys, true);
        List<Integer> murmur2 = keys.stream()
                .map(k -> Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % 6)
                .toList();
        long distinctIgnored = ignored.stream().distinct().count();
        long matchingMurmur2 = java.util.stream.IntStream.range(0, keys.size())
                .filter(i -> ignored.get(i).equals(murmur2.get(i)))
                .count();
        System.out.printf(
                "60 keys on 6 partitions: default = murmur2 for %d of 60 (%d partitions used); "
                        + "partitioner.ignore.keys=true: %d partition(s) used, %d of 60 happen to match murmur2%n",
                java.util.stream.IntStream.range(0, 60)
                        .filter(i -> byKey.get(i).equals(murmur2.get(i)))
                        .count(),
                byKey.stream().distinct().count(),
                distinctIgnored,
                matchingMurmur2);
        assertThat(byKey).isEqualTo(murmur2);
        // sticky: 60 small records sent in one go fill less than one batch.size, so they share one partition
        assertThat(distinctIgnored).isEqualTo(1);
        assertThat(ignored).isNotEqualTo(murmur2);
    }

    private static List<Integer> sendKeyed(KafkaTestCluster kafka, String topic, List<String> keys, boolean ignoreKeys)
            throws Exception {
        Properties props = producerProps(kafka);
        props.setProperty(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG, String.valueOf(ignoreKeys));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "1000"); // all 60 in the accumulator at once
        List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic); // metadata first: the partitioner sees all 6 partitions
            for (String key : keys) {
                sent.add(producer.send(new ProducerRecord<>(topic, key, "v")));
            }
            producer.flush();
        }
        List<Integer> partitions = new ArrayList<>();
        for (var f : sent) {
            partitions.add(f.get(30, TimeUnit.SECONDS).partition());
        }
        return partitions;
    }

    private static Properties producerProps(KafkaTestCluster kafka) {
        Properties props = kafka.clientProperties();
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** The delivery timeout the producer really uses (after its own adjustment), read from its accumulator. */
    private static long deliveryTimeoutInUse(KafkaProducer<?, ?> producer) throws ReflectiveOperationException {
        Field accumulator = KafkaProducer.class.getDeclaredField("accumulator");
        accumulator.setAccessible(true);
        return ((RecordAccumulator) accumulator.get(producer)).getDeliveryTimeoutMs();
    }

    /**
     * A value serializer that takes {@code n} ms for values {@code slow:n}: the lesson's stand-in for any time spent
     * inside {@code send()} before the record is appended to a batch (waiting for metadata or buffer memory, up to
     * {@code max.block.ms}, serializing, partitioning). Its pause is the experiment itself (slow work inside
     * send()), not a wait for something else to happen.
     */
    public static final class SlowSerializer implements Serializer<String> {
        @Override
        public byte[] serialize(String topic, String data) {
            if (data.startsWith("slow:")) {
                try {
                    TimeUnit.MILLISECONDS.sleep(Long.parseLong(data.substring(5)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return data.getBytes(StandardCharsets.UTF_8);
        }
    }
}
