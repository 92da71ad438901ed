package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.basics.StickyVsRoundRobinLab.Partitioning;
import dev.kafka101.basics.StickyVsRoundRobinLab.Result;
import dev.kafka101.basics.report.PartitionerTable;
import dev.kafka101.local.Topics;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class StickyVsRoundRobinLabTest {

    @Test
    @Tag("claim")
    void stickyPartitionerStillSpreadsKeylessRecordsOverAllPartitionsOverALongRun(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(3, 1);
        Topics.writeOneRecordToEachPartition(kafka.clientProperties(), topic, 3);

        // 12 000 x 100 B = 1.2 MB: ~70 sticky periods of 16 KB over 3 partitions
        Result sticky = StickyVsRoundRobinLab.run(
                kafka.clientProperties(), topic, 3, 12_000, 100, 0, 5, Partitioning.STICKY, null);

        System.out.printf(
                "sticky, 12 000 records on 3 partitions: %s%n", Arrays.toString(sticky.recordsPerPartition()));
        assertThat(sticky.acknowledged()).isEqualTo(12_000);
        assertThat(Arrays.stream(sticky.recordsPerPartition()).boxed().toList())
                .allSatisfy(n -> assertThat(n).isGreaterThan(12_000 / 20));
    }

    @Test
    @Tag("claim")
    void stickyBatchesAreAtLeast3TimesLargerThanRoundRobinAtAModerateRate(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(8, 1);
        Topics.writeOneRecordToEachPartition(kafka.clientProperties(), topic, 8);

        // 1 000 records/s, linger.ms=50: ~50 records (5.5 KB) arrive per batch window. Sticky puts them in one batch,
        // round-robin spreads them over 8 partitions (ideal ratio ~8, less the 61-byte batch header). Both would fill
        // 16 KB batches (ratio -> 1) only if the broker stalled the producer for ~150 ms per request window; with
        // linger.ms=5 an idle machine gives ~5 records per window, where the batch header eats much of the ratio.
        Result sticky = StickyVsRoundRobinLab.run(
                kafka.clientProperties(), topic, 8, 1_500, 100, 1_000, 50, Partitioning.STICKY, null);
        Result roundRobin = StickyVsRoundRobinLab.run(
                kafka.clientProperties(), topic, 8, 1_500, 100, 1_000, 50, Partitioning.ROUND_ROBIN, null);

        System.out.print(PartitionerTable.table(sticky, roundRobin));
        assertThat(sticky.acknowledged()).isEqualTo(1_500);
        assertThat(roundRobin.acknowledged()).isEqualTo(1_500);
        assertThat(StickyVsRoundRobinLab.batchRatio(sticky, roundRobin)).isGreaterThanOrEqualTo(3.0);
    }

    @Test
    @Tag("claim")
    void roundRobinPartitionerSpreadsExactlyEvenlyKafka9965NoLongerShowsIn4x(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(6, 1);
        Topics.writeOneRecordToEachPartition(kafka.clientProperties(), topic, 6);

        // a low rate makes almost every record start a new batch: the case where KAFKA-9965 skipped partitions
        Result roundRobin = StickyVsRoundRobinLab.run(
                kafka.clientProperties(), topic, 6, 1_200, 100, 2_000, 5, Partitioning.ROUND_ROBIN, null);

        int[] counts = roundRobin.recordsPerPartition();
        System.out.printf("round-robin, 1 200 records on 6 partitions: %s%n", Arrays.toString(counts));
        assertThat(roundRobin.acknowledged()).isEqualTo(1_200);
        assertThat(Arrays.stream(counts).max().orElseThrow()
                        - Arrays.stream(counts).min().orElseThrow())
                .isLessThanOrEqualTo(1);
    }

    @Test
    @Tag("claim")
    void consoleProducerSettingsAndJavaDefaultsBothKeepConsecutiveKeylessRecordsInOnePartition(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(3, 1);
        Topics.writeOneRecordToEachPartition(kafka.clientProperties(), topic, 3);

        // 200 short lines (~9 KB): less than one 16 KB sticky period, so the built-in partitioner never switches
        List<Integer> console = partitionsInSendOrder(consoleProducerSettings(kafka.clientProperties()), topic, 200);
        List<Integer> javaDefaults = partitionsInSendOrder(javaDefaults(kafka.clientProperties()), topic, 200);
        Properties rr = javaDefaults(kafka.clientProperties());
        rr.setProperty(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());
        List<Integer> roundRobin = partitionsInSendOrder(rr, topic, 200);
        Properties tiny = javaDefaults(kafka.clientProperties());
        tiny.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "400"); // what demos set to "see" partitions change
        List<Integer> tinyBatches = partitionsInSendOrder(tiny, topic, 1_000);

        System.out.printf(
                "console-producer settings: partitions %s; Java defaults: %s; round-robin: %d switches in 200;"
                        + " Java defaults with batch.size=400: %d switches in 1 000%n",
                console.stream().distinct().toList(),
                javaDefaults.stream().distinct().toList(),
                switches(roundRobin),
                switches(tinyBatches));
        assertThat(console).hasSize(200).containsOnly(console.get(0));
        assertThat(javaDefaults).hasSize(200).containsOnly(javaDefaults.get(0));
        assertThat(switches(roundRobin)).isEqualTo(199); // the contrast: every record moves on to the next partition
        // still sticky, not round-robin: with 400-byte batches it moves on every few records, not every record
        assertThat(switches(tinyBatches)).isLessThan(500);
        assertThat(tinyBatches.stream().distinct().count())
                .as("partitions used with batch.size=400")
                .isGreaterThan(1);
    }

    /**
     * What {@code kafka-console-producer.sh --bootstrap-server B --topic T} runs with in Kafka 4.4
     * ({@code ConsoleProducer.ConsoleProducerOptions#producerProps}): its option defaults, and NO partitioner.class.
     * It also sets request.timeout.ms=1500, retries=3, retry.backoff.ms=100, metadata.max.age.ms=300000 and
     * max.block.ms=60000: timing and retries, not the partition choice; left at the client defaults here so that a
     * busy test machine cannot time them out.
     */
    static Properties consoleProducerSettings(Properties connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "console-producer");
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // --compression-codec not given
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "1000"); // --timeout default
        props.setProperty(ProducerConfig.ACKS_CONFIG, "-1"); // --request-required-acks default
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "16384"); // --batch-size default
        return props; // no partitioner.class: the built-in partitioner, exactly as for a Java producer with defaults
    }

    static Properties javaDefaults(Properties connection) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static List<Integer> partitionsInSendOrder(Properties props, String topic, int lines) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < lines; i++) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, ("typed line " + i).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
        }
        List<Integer> partitions = new ArrayList<>();
        for (Future<RecordMetadata> f : sent) {
            partitions.add(f.get().partition());
        }
        return partitions;
    }

    private static long switches(List<Integer> partitions) {
        long n = 0;
        for (int i = 1; i < partitions.size(); i++) {
            if (!partitions.get(i).equals(partitions.get(i - 1))) {
                n++;
            }
        }
        return n;
    }
}
