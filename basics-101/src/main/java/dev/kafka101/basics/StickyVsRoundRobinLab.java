package dev.kafka101.basics;

import static org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.lab.ProducerMetrics;
import dev.kafka101.basics.report.PartitionerTable;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Keyless records, same load, two partitioners: the built-in uniform sticky one (KIP-794, the default) and
 * {@code RoundRobinPartitioner}; prints records per partition, batch-size-avg, records-per-request-avg, rates, ratios.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.StickyVsRoundRobinLab}
 * ({@code -Dexec.args="--records 200000 --partitions 12 --rate 20000"}). Proven by {@code StickyVsRoundRobinLabTest}.
 */
public final class StickyVsRoundRobinLab {
    public static final String TOPIC = "sticky-vs-round-robin";

    /** The two ways of choosing a partition for a record without a key. */
    public enum Partitioning {
        STICKY("sticky (built-in)"),
        ROUND_ROBIN("round-robin");

        public final String label;

        Partitioning(String label) {
            this.label = label;
        }
    }

    /** What one run measured. {@code recordsPerPartition[p]} counts the acknowledged records of partition p. */
    public record Result(
            Partitioning partitioning,
            int[] recordsPerPartition,
            long acknowledged,
            long failed,
            double batchSizeAvg,
            double recordsPerRequestAvg,
            double recordSendRateMetric,
            double requests,
            Duration wallTime) {
        public double recordsPerSecond() {
            return acknowledged / Math.max(1e-9, wallTime.toNanos() / 1e9);
        }
    }

    private StickyVsRoundRobinLab() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("StickyVsRoundRobinLab")
                .withValue("--records", "records per partitioner (default 50000)")
                .withValue("--record-size", "value size in bytes (default 100)")
                .withValue("--partitions", "partitions of the lab topic (default 6)")
                .withValue("--rate", "records per second to aim for, 0 = as fast as possible (default 5000)")
                .withValue("--linger-ms", "linger.ms of both producers (default 5, the 4.x default)");
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            int records = cli.intValue("--records", 50_000, 1, 50_000_000);
            int recordSize = cli.intValue("--record-size", 100, 1, 1_000_000);
            int wanted = cli.intValue("--partitions", 6, 1, 1000);
            int rate = cli.intValue("--rate", 5_000, 0, 10_000_000);
            int lingerMs = cli.intValue("--linger-ms", 5, 0, 60_000);

            int partitions = Topics.ensure(kafka.clientProperties(), TOPIC, wanted, 1);
            System.out.printf(
                    "Sending %,d keyless records of %d B with each partitioner to %s (%d partitions)%s, linger.ms=%d.%n",
                    records,
                    recordSize,
                    TOPIC,
                    partitions,
                    rate == 0 ? ", as fast as possible" : ", " + rate + " records/s",
                    lingerMs);
            try (CtrlC ctrlC = CtrlC.watch("StickyVsRoundRobinLab")) {
                Topics.writeOneRecordToEachPartition(kafka.clientProperties(), TOPIC, partitions);
                // Warm-up, not measured: the JVM compiles the send path first, so neither run pays for it.
                int warmUp = Math.min(records, 5_000);
                run(
                        kafka.clientProperties(),
                        TOPIC,
                        partitions,
                        warmUp,
                        recordSize,
                        0,
                        lingerMs,
                        Partitioning.STICKY,
                        null);
                run(
                        kafka.clientProperties(),
                        TOPIC,
                        partitions,
                        warmUp,
                        recordSize,
                        0,
                        lingerMs,
                        Partitioning.ROUND_ROBIN,
                        null);
                Result sticky = run(
                        kafka.clientProperties(),
                        TOPIC,
                        partitions,
                        records,
                        recordSize,
                        rate,
                        lingerMs,
                        Partitioning.STICKY,
                        ctrlC);
                Result roundRobin = run(
                        kafka.clientProperties(),
                        TOPIC,
                        partitions,
                        records,
                        recordSize,
                        rate,
                        lingerMs,
                        Partitioning.ROUND_ROBIN,
                        ctrlC);
                if (ctrlC.stopRequested()) {
                    return;
                }
                System.out.println();
                System.out.print(PartitionerTable.table(sticky, roundRobin));
                System.out.println(
                        "   Sticky's gain shows where linger.ms (not batch.size) ends a batch: at moderate rates,"
                                + " sticky puts\n   what arrives in 5 ms into ONE batch, round-robin splits it over all partitions."
                                + " At --rate 0\n   both fill 16 KB batches and the batch-size ratio falls to about 1 (docs/partitioning.md).");
            }
        });
    }

    /** Same load, one partitioner: a fresh producer sends {@code records} keyless values and flushes. */
    public static Result run(
            Properties connection,
            String topic,
            int partitions,
            int records,
            int recordSize,
            int recordsPerSecond,
            int lingerMs,
            Partitioning partitioning,
            CtrlC ctrlC) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // no keys here; values are raw bytes
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // names it in metrics
        props.setProperty(
                ProducerConfig.CLIENT_ID_CONFIG, "lab-" + partitioning.name().toLowerCase());
        // a batch waits at most this long for more records (4.x default: 5)
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        // the default: a batch (one partition's share of a request) holds at most 16 KB
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "16384");
        // The ONLY difference between the two runs: round-robin sends every record to the next partition in turn;
        // sticky sets no partitioner.class at all: the built-in uniform sticky partitioner (KIP-794) picks it
        if (partitioning == Partitioning.ROUND_ROBIN) {
            props.setProperty(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());
        }

        AtomicIntegerArray perPartition = new AtomicIntegerArray(partitions);
        AtomicLong failed = new AtomicLong();
        byte[] value = new byte[recordSize];
        Arrays.fill(value, (byte) 'x');
        long start = System.nanoTime();
        long wall;
        Map<MetricName, ? extends Metric> metrics;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            int progressEvery = Math.max(1, records / 20);
            for (int i = 0; i < records && (ctrlC == null || !ctrlC.stopRequested()); i++) {
                if (recordsPerSecond > 0) {
                    long due = start + (long) (i * (1e9 / recordsPerSecond));
                    long early = due - System.nanoTime();
                    if (early > 0) {
                        LockSupport.parkNanos(early); // throttle to the asked rate
                    }
                }
                producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
                    if (e == null) {
                        perPartition.incrementAndGet(metadata.partition());
                    } else {
                        failed.incrementAndGet();
                    }
                });
                if (ctrlC != null && (i + 1) % progressEvery == 0) {
                    System.out.printf("\r  %-18s %,d / %,d sent", partitioning.label, i + 1, records);
                }
            }
            producer.flush(); // every record acknowledged: the wall time covers the whole trip
            wall = System.nanoTime() - start;
            metrics = producer.metrics();
            Result r = new Result(
                    partitioning,
                    ProducerMetrics.toArray(perPartition),
                    ProducerMetrics.sum(perPartition),
                    failed.get(),
                    ProducerMetrics.metric(metrics, "batch-size-avg"),
                    ProducerMetrics.metric(metrics, "records-per-request-avg"),
                    ProducerMetrics.metric(metrics, "record-send-rate"),
                    ProducerMetrics.metric(metrics, "request-total"),
                    Duration.ofNanos(wall));
            if (ctrlC != null) {
                System.out.printf(
                        "\r  %-18s %,d acknowledged in %.2f s%n", partitioning.label, r.acknowledged(), wall / 1e9);
            }
            return r;
        }
    }

    public static double batchRatio(Result sticky, Result roundRobin) {
        return sticky.batchSizeAvg() / roundRobin.batchSizeAvg();
    }

    public static double throughputRatio(Result sticky, Result roundRobin) {
        return sticky.recordsPerSecond() / roundRobin.recordsPerSecond();
    }
}
