package dev.kafka101.basics;

import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Keyless records, same load, two partitioners: the built-in uniform sticky one (KIP-794, the default) and
 * {@code RoundRobinPartitioner}; prints records per partition, batch-size-avg, records-per-request-avg, rates, ratios.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.StickyVsRoundRobinLab}
 * ({@code -Dexec.args="--records 200000 --partitions 12 --rate 20000"}). Proven by {@code StickyVsRoundRobinLabTest}.
 */
public final class StickyVsRoundRobinLab {
    public static final String TOPIC = "sticky-vs-round-robin";

    /** The two ways of choosing a partition for a record without a key. */
    public enum Partitioning {
        STICKY("sticky (built-in)"),
        ROUND_ROBIN("round-robin");

        final String label;

        Partitioning(String label) {
            this.label = label;
        }
    }

    /** What one run measured. {@code recordsPerPartition[p]} counts the acknowledged records of partition p. */
    public record Result(Partitioning partitioning, int[] recordsPerPartition, long acknowledged, long failed,
                         double batchSizeAvg, double recordsPerRequestAvg, double recordSendRateMetric,
                         double requests, Duration wallTime) {
        public double recordsPerSecond() {
            return acknowledged / Math.max(1e-9, wallTime.toNanos() / 1e9);
        }
    }

    private StickyVsRoundRobinLab() {
    }

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
            System.out.printf("Sending %,d keyless records of %d B with each partitioner to %s (%d partitions)%s, linger.ms=%d.%n",
                    records, recordSize, TOPIC, partitions, rate == 0 ? ", as fast as possible" : ", " + rate + " records/s",
                    lingerMs);
            try (CtrlC ctrlC = CtrlC.watch("StickyVsRoundRobinLab")) {
                Topics.writeOneRecordToEachPartition(kafka.clientProperties(), TOPIC, partitions);
                // Warm-up, not measured: the JVM compiles the send path first, so neither run pays for it.
                int warmUp = Math.min(records, 5_000);
                run(kafka.clientProperties(), TOPIC, partitions, warmUp, recordSize, 0, lingerMs, Partitioning.STICKY, null);
                run(kafka.clientProperties(), TOPIC, partitions, warmUp, recordSize, 0, lingerMs, Partitioning.ROUND_ROBIN,
                        null);
                Result sticky = run(kafka.clientProperties(), TOPIC, partitions, records, recordSize, rate, lingerMs,
                        Partitioning.STICKY, ctrlC);
                Result roundRobin = run(kafka.clientProperties(), TOPIC, partitions, records, recordSize, rate, lingerMs,
                        Partitioning.ROUND_ROBIN, ctrlC);
                if (ctrlC.stopRequested()) {
                    return;
                }
                System.out.println();
                System.out.print(table(sticky, roundRobin));
                System.out.println("   Sticky's gain shows where linger.ms (not batch.size) ends a batch: at moderate rates,"
                        + " sticky puts\n   what arrives in 5 ms into ONE batch, round-robin splits it over all partitions."
                        + " At --rate 0\n   both fill 16 KB batches and the batch-size ratio falls to about 1 (docs/partitioning.md).");
            }
        });
    }

    /** Same load, one partitioner: a fresh producer sends {@code records} keyless values and flushes. */
    public static Result run(Properties connection, String topic, int partitions, int records, int recordSize,
                             int recordsPerSecond, int lingerMs, Partitioning partitioning, CtrlC ctrlC) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());   // no keys here
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()); // values are raw bytes
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "lab-" + partitioning.name().toLowerCase()); // names it in metrics
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs)); // a batch waits ≤ this for more (4.x default: 5)
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, "16384");   // the default: a batch (one partition's share of a request) ≤ 16 KB
        if (partitioning == Partitioning.ROUND_ROBIN) {
            // The ONLY difference between the two runs: every record goes to the next partition in turn.
            props.setProperty(ProducerConfig.PARTITIONER_CLASS_CONFIG, RoundRobinPartitioner.class.getName());
        } // else no partitioner.class at all: the built-in uniform sticky partitioner (KIP-794) picks the partition

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
            Result r = new Result(partitioning, toArray(perPartition), sum(perPartition), failed.get(),
                    metric(metrics, "batch-size-avg"), metric(metrics, "records-per-request-avg"),
                    metric(metrics, "record-send-rate"), metric(metrics, "request-total"), Duration.ofNanos(wall));
            if (ctrlC != null) {
                System.out.printf("\r  %-18s %,d acknowledged in %.2f s%n", partitioning.label, r.acknowledged(),
                        wall / 1e9);
            }
            return r;
        }
    }

    /** The table the lab prints: per-partition counts, the producer's metrics side by side, and the two ratios. */
    public static String table(Result sticky, Result roundRobin) {
        StringBuilder sb = new StringBuilder();
        String row = "%-34s %18s %18s%n";
        sb.append(String.format(row, "", sticky.partitioning().label, roundRobin.partitioning().label));
        for (int p = 0; p < sticky.recordsPerPartition().length; p++) {
            sb.append(String.format(row, "records in partition " + p, String.format("%,d", sticky.recordsPerPartition()[p]),
                    String.format("%,d", roundRobin.recordsPerPartition()[p])));
        }
        sb.append(String.format(row, "batch-size-avg (bytes)", f1(sticky.batchSizeAvg()), f1(roundRobin.batchSizeAvg())));
        sb.append(String.format(row, "records-per-request-avg", f1(sticky.recordsPerRequestAvg()),
                f1(roundRobin.recordsPerRequestAvg())));
        sb.append(String.format(row, "produce requests (request-total)", f0(sticky.requests()), f0(roundRobin.requests())));
        sb.append(String.format(row, "record-send-rate (metric, /s) *", f0(sticky.recordSendRateMetric()),
                f0(roundRobin.recordSendRateMetric())));
        sb.append(String.format(row, "records/s (acknowledged / wall)", f0(sticky.recordsPerSecond()),
                f0(roundRobin.recordsPerSecond())));
        sb.append(String.format(row, "wall time (s)", String.format("%.2f", sticky.wallTime().toMillis() / 1000.0),
                String.format("%.2f", roundRobin.wallTime().toMillis() / 1000.0)));
        sb.append(String.format(row, "failed sends", sticky.failed(), roundRobin.failed()));
        sb.append(String.format("=> batch-size ratio (sticky / round-robin): %.1fx; throughput ratio: %.2fx%n",
                batchRatio(sticky, roundRobin), throughputRatio(sticky, roundRobin)));
        sb.append("   * Kafka's rates divide by at least (metrics.num.samples - 1) x metrics.sample.window.ms = 30 s,\n"
                + "     so for a run shorter than that the metric is low; the wall-clock line is the real rate.\n");
        return sb.toString();
    }

    public static double batchRatio(Result sticky, Result roundRobin) {
        return sticky.batchSizeAvg() / roundRobin.batchSizeAvg();
    }

    public static double throughputRatio(Result sticky, Result roundRobin) {
        return sticky.recordsPerSecond() / roundRobin.recordsPerSecond();
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElse(Double.NaN);
    }

    private static int[] toArray(AtomicIntegerArray a) {
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    private static long sum(AtomicIntegerArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }

    private static String f1(double v) {
        return String.format("%,.1f", v);
    }

    private static String f0(double v) {
        return String.format("%,.0f", v);
    }
}
