package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 4,
        title = "switch the partitioner, see the batches change",
        stub = Ex04_Partitioner.class,
        docs = "docs/partitioning.md",
        untouchedStubSays = "went to partition",
        hints = {
            "the producer has a setting that names the class choosing each record's partition.",
            "partitioner.class: left out, Kafka's built-in sticky partitioning fills one partition's batch before"
                    + " moving on; org.apache.kafka.clients.producer.RoundRobinPartitioner takes turns, record by record.",
            "props.setProperty(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());"
        })
class Ex04PartitionerTest {
    private static final int RECORDS = 30;

    @Test
    void keylessRecordsTakeTurnsOverThePartitionsInSmallerBatches(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(3, 1);
        Properties props = Ex04_Partitioner.producerSettings(kafka.bootstrapServers());
        // the test's: one burst, one 50-ms batching window, so the partitioner alone decides the batches
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "50");
        List<Integer> partitions = new ArrayList<>();
        double batchSizeAvg;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, "reading " + i)));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                partitions.add(f.get(10, TimeUnit.SECONDS).partition());
            }
            batchSizeAvg = metric(producer, "batch-size-avg");
        }
        int[] counts = new int[3];
        partitions.forEach(p -> counts[p]++);
        int switches = 0;
        for (int i = 1; i < partitions.size(); i++) {
            if (!partitions.get(i).equals(partitions.get(i - 1))) {
                switches++;
            }
        }
        String batches = String.format(Locale.ROOT, "batch-size-avg %.0f B", batchSizeAvg);
        Check.that(
                switches > 0,
                "all " + RECORDS + " keyless records went to partition " + partitions.get(0) + " (" + batches
                        + "): the built-in partitioner sticks to one partition until its batch is full",
                "record 0, 1, 2, 3 ... to partitions in turn, " + RECORDS / 3 + " per partition",
                "which producer setting names the class that picks a keyless record's partition?");
        Check.that(
                switches == RECORDS - 1 && Arrays.stream(counts).allMatch(c -> c == RECORDS / 3),
                switches + " partition changes in " + RECORDS + " records, per partition " + Arrays.toString(counts)
                        + " (" + batches + ")",
                "a new partition for every record: " + (RECORDS - 1) + " changes, " + RECORDS / 3 + " per partition",
                "which partitioner takes turns record by record rather than batch by batch?");
    }

    private static double metric(KafkaProducer<?, ?> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
