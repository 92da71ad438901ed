package dev.kafka101.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Our high-throughput producer against Kafka's own {@code ProducerPerformance} (the class behind
 * {@code kafka-producer-perf-test.sh}), same settings, same cluster, runs alternated so both see the same noise.
 */
final class ProducerThroughputBench {
    static final int RECORD_SIZE = 1024;

    /** The settings under test, given to both producers. */
    static Properties highThroughputSettings(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all"); // safe: every in-sync replica has the batch
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // safe: retries never duplicate
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20"); // wait up to 20 ms to fill a batch
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072"); // 128 KB batches: fewer, larger requests
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"); // cheap compression, fewer bytes to replicate
        return p;
    }

    /** Result of one run: throughput and per-record latencies (send() to callback). */
    record Run(
            String who,
            long records,
            double recordsPerSec,
            double mbPerSec,
            double p50,
            double p99,
            double p999,
            double batchSizeAvg,
            double recordsPerRequestAvg,
            double[] sortedLatencyMs) {}

    static Run ours(String bootstrap, String topic, int records) throws Exception {
        return ours("ours", highThroughputSettings(bootstrap), topic, records);
    }

    /** Sends {@code records} keyless 1 KB records as fast as the producer takes them, with these settings. */
    static Run ours(String who, Properties settings, String topic, int records) throws Exception {
        return ours(who, settings, topic, records, 0);
    }

    /**
     * Sends {@code records} keyless 1 KB records, at {@code ratePerSecond} (0 = as fast as the producer takes them).
     * Measured the way ProducerPerformance measures (so the two figures compare like for like): the clock starts
     * after the producer is created and stops when {@code close()} has returned, so the time to flush and close is
     * inside the window; each record gets a fresh payload of random upper-case letters from a generator seeded with
     * 0, i.e. the very bytes the tool sends, so both compress alike.
     */
    static Run ours(String who, Properties settings, String topic, int records, int ratePerSecond) throws Exception {
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] payload = new byte[RECORD_SIZE];
        SplittableRandom random = new SplittableRandom(0);
        long[] latencyNanos = new long[records];
        CountDownLatch done = new CountDownLatch(records);
        AtomicReference<Exception> failure = new AtomicReference<>();
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
        long start = System.nanoTime();
        long acked;
        double batchSizeAvg;
        double recordsPerRequest;
        try {
            for (int i = 0; i < records; i++) {
                if (ratePerSecond > 0) {
                    pace(start, i, ratePerSecond);
                }
                // The payload is filled in a small method of its own, as the tool does: inlined into this loop (a
                // method called a few times, compiled only on-stack), the bounded nextInt was not inlined by the JIT
                // and the loop ran at ~0.65× the tool's speed (JFR: 1.75× the main-thread samples per record).
                randomPayload(payload, random);
                final int n = i;
                final long sentAt = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, payload), (m, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    latencyNanos[n] = System.nanoTime() - sentAt;
                    done.countDown();
                });
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not every record was acknowledged within 5 minutes");
            }
            acked = System.nanoTime();
            // read outside the timed window (the clock is stopped between acked and the close below)
            batchSizeAvg = metric(producer, "batch-size-avg");
            recordsPerRequest = metric(producer, "records-per-request-avg");
        } catch (Exception | Error e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        long closing = System.nanoTime();
        producer.close();
        long end = acked + (System.nanoTime() - closing);
        if (failure.get() != null) {
            throw new IllegalStateException("send failed: " + failure.get(), failure.get());
        }
        double secs = (end - start) / 1e9;
        double[] ms =
                Arrays.stream(latencyNanos).mapToDouble(l -> l / 1e6).sorted().toArray();
        return new Run(
                who,
                records,
                records / secs,
                records * (double) RECORD_SIZE / (1 << 20) / secs,
                pct(ms, 0.5),
                pct(ms, 0.99),
                pct(ms, 0.999),
                batchSizeAvg,
                recordsPerRequest,
                ms);
    }

    /** Upper-case letters A-Z, one random draw per byte: ProducerPerformance's {@code --record-size} payload. */
    static void randomPayload(byte[] payload, SplittableRandom random) {
        for (int j = 0; j < payload.length; j++) {
            payload[j] = (byte) (random.nextInt(26) + 65);
        }
    }

    /** Parks until record {@code i} is due at {@code ratePerSecond} from {@code start}. */
    private static void pace(long start, int i, int ratePerSecond) {
        long early = start + (long) (i * (1e9 / ratePerSecond)) - System.nanoTime();
        if (early > 0) {
            LockSupport.parkNanos(early);
        }
    }

    /** A producer-level metric (group producer-metrics) by name, NaN if absent. */
    static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .findFirst()
                .orElse(Double.NaN);
    }

    private static final Pattern SUMMARY = Pattern.compile(
            "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    /** Kafka's ProducerPerformance in this JVM, its summary line parsed. */
    static Run tool(String bootstrap, String topic, int records) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                String.valueOf(records),
                "--record-size",
                String.valueOf(RECORD_SIZE),
                "--throughput",
                "-1",
                "--producer-props"));
        highThroughputSettings(bootstrap).forEach((k, v) -> args.add(k + "=" + v));
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        synchronized (System.class) {
            System.setOut(new PrintStream(
                    new OutputStream() {
                        @Override
                        public void write(int b) {
                            captured.write(b);
                        }
                    },
                    true,
                    StandardCharsets.UTF_8));
            try {
                ProducerPerformance.main(args.toArray(String[]::new));
            } finally {
                System.setOut(original);
            }
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(out);
        Run last = null;
        while (m.find()) {
            last = new Run(
                    "ProducerPerformance",
                    Long.parseLong(m.group(1)),
                    Double.parseDouble(m.group(2)),
                    Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(6)),
                    Double.parseDouble(m.group(8)),
                    Double.parseDouble(m.group(9)),
                    Double.NaN,
                    Double.NaN,
                    new double[0]);
        }
        if (last == null) {
            throw new IllegalStateException("could not read ProducerPerformance's summary from: " + out);
        }
        return last;
    }

    static double pct(double[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
