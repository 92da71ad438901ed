package dev.kafka101.wikimedia;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.Node;

/**
 * Benchmark, not a lesson: replays N synthetic events as fast as possible end to end (replay server → SSE client →
 * handler → producer → broker, all in this JVM) with the producer's safe settings, once per compression type, and
 * prints events/s, MB/s, compression ratio, bytes stored, and which threads used the CPU.
 * Run: {@code ./mvnw -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.kafka101.wikimedia.WikimediaReplayBenchmark -Dexec.args="--events 100000 --compression none,lz4,zstd"}.
 * Figures are printed, never asserted; the choice they led to is in {@link WikimediaChangesProducer}'s class comment.
 */
public final class WikimediaReplayBenchmark {
    private WikimediaReplayBenchmark() {}

    record Row(
            String compression,
            double seconds,
            WikimediaChangesProducer.Outcome outcome,
            long storedBytes,
            Map<String, Double> cpuByThreads,
            double processCpu,
            double gcSeconds) {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("WikimediaReplayBenchmark")
                .withValue("--events", "how many synthetic events to replay (default 100000)")
                .withValue("--compression", "comma-separated compression types to compare (default none,lz4,zstd)");
        DemoMain.run(spec, args, kafka -> {
            long events = kafka.commandLine().longValue("--events", 100_000, 1, 100_000_000);
            List<String> types = List.of(
                    kafka.commandLine().value("--compression", "none,lz4,zstd").split(","));
            SyntheticRecentChanges sample = new SyntheticRecentChanges(events, 1000, 5000);
            warmUp(kafka, sample);
            List<Row> rows = new ArrayList<>();
            for (String compression : types) {
                rows.add(measure(
                        kafka,
                        sample,
                        compression.trim(),
                        "wikimedia.bench." + compression.trim() + "." + System.currentTimeMillis()));
            }
            print(rows, events);
        });
    }

    /** A short run first, so the JIT has compiled the hot paths before anything is timed. */
    private static void warmUp(KafkaConnection kafka, SyntheticRecentChanges sample) {
        SyntheticRecentChanges small = new SyntheticRecentChanges(Math.min(20_000, sample.size()), 1000, 5000);
        System.out.printf("Warm-up: %,d events...%n", small.size());
        measure(
                kafka,
                small,
                WikimediaChangesProducer.COMPRESSION,
                "wikimedia.bench.warmup." + System.currentTimeMillis());
    }

    private static Row measure(KafkaConnection kafka, SyntheticRecentChanges sample, String compression, String topic) {
        Topics.ensure(kafka.clientProperties(), topic, 3, 3);
        Topics.ensure(kafka.clientProperties(), topic + ".dlq", 1, 3);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new ConcurrentHashMap<>();
        Map<Long, Long> start = cpuByThread(threads, names);
        Map<Long, Long> last = new ConcurrentHashMap<>(start);
        // threads of the SSE client end with the run: sample their CPU time while they live
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "benchmark-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> last.putAll(cpuByThread(threads, names)), 50, 50, TimeUnit.MILLISECONDS);
        double gc0 = gcSeconds();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        WikimediaChangesProducer.Outcome outcome;
        try (ReplayServer server = ReplayServer.start(sample, 0, 0);
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            System.out.printf("%s: replaying %,d events as fast as possible...%n", compression, sample.size());
            outcome = WikimediaChangesProducer.run(
                    new WikimediaChangesProducer.Options(
                            topic,
                            server.uri(),
                            server.lastId(),
                            WikimediaChangesProducer.userAgent("benchmark"),
                            0,
                            null,
                            null,
                            false,
                            compression,
                            1000,
                            Map.of()),
                    kafka.clientProperties(),
                    quiet);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double processCpu = (processCpuNanos() - cpu0) / 1e9;
        double gc = gcSeconds() - gc0;
        last.putAll(cpuByThread(threads, names));
        sampler.shutdownNow();
        Map<String, Double> byGroup = new TreeMap<>();
        last.forEach((id, cpu) ->
                byGroup.merge(group(names.get(id)), (cpu - start.getOrDefault(id, 0L)) / 1e9, Double::sum));
        if (!outcome.ok()) {
            throw new IllegalStateException(compression + " run failed: " + outcome.error());
        }
        return new Row(compression, seconds, outcome, storedBytes(kafka, topic), byGroup, processCpu, gc);
    }

    private static void print(List<Row> rows, long events) {
        System.out.printf(
                "%n%,d synthetic events (%.1f MB of JSON), replay server + SSE client + producer + broker in one JVM,"
                        + " %d cores:%n",
                events,
                rows.get(0).outcome().bytesIn() / 1e6,
                Runtime.getRuntime().availableProcessors());
        System.out.println(
                "| compression | events/s | MB/s in (JSON) | MB/s out (network) | ratio | stored MB | process CPU | GC |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            WikimediaChangesProducer.Outcome o = r.outcome();
            System.out.printf(
                    "| %s | %,.0f | %.1f | %.1f | %.1fx | %.1f | %.0f%% of %d cores | %.1f s |%n",
                    r.compression(),
                    o.received() / r.seconds(),
                    o.bytesIn() / 1e6 / r.seconds(),
                    o.bytesOut() / 1e6 / r.seconds(),
                    o.compressionRate() > 0 ? 1 / o.compressionRate() : 1.0,
                    r.storedBytes() / 1e6,
                    100 * r.processCpu() / r.seconds() / Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().availableProcessors(),
                    r.gcSeconds());
        }
        for (Row r : rows) {
            System.out.printf(
                    "%nWhere the CPU went (%s, %.1f s wall, %.1f s CPU):%n",
                    r.compression(), r.seconds(), r.processCpu());
            r.cpuByThreads().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .filter(e -> e.getValue() >= 0.05)
                    .forEach(e -> System.out.printf(
                            "  %-45s %6.2f s  %3.0f%%%n",
                            e.getKey(), e.getValue(), 100 * e.getValue() / r.processCpu()));
            double javaThreads = r.cpuByThreads().values().stream()
                    .mapToDouble(Double::doubleValue)
                    .sum();
            System.out.printf(
                    "  %-45s %6.2f s  %3.0f%%%n",
                    "JVM itself: GC + JIT compiler (not Java threads)",
                    r.processCpu() - javaThreads,
                    100 * (r.processCpu() - javaThreads) / r.processCpu());
            System.out.printf(
                    "  CPU per event: %.0f µs; at %d full cores that is at most %,.0f events/s%n",
                    1e6 * r.processCpu() / r.outcome().received(),
                    Runtime.getRuntime().availableProcessors(),
                    r.outcome().received()
                            / r.processCpu()
                            * Runtime.getRuntime().availableProcessors());
        }
    }

    private static Map<Long, Long> cpuByThread(ThreadMXBean threads, Map<Long, String> names) {
        Map<Long, Long> cpu = new java.util.HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), t);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }

    /** Thread names without their numbers, and a word on what the group does. */
    static String group(String name) {
        if (name == null) {
            return "?";
        }
        String n = name.replaceAll("[-_ ]?\\d+$", "").replaceAll("\\d+", "N");
        if (n.startsWith("replay-server")) {
            return "replay server (Wikimedia's side: generate + write SSE)";
        }
        if (n.contains("okhttp-eventsource-stream")) {
            return "SSE client: read + parse the stream";
        }
        if (n.contains("okhttp-eventsource-events")) {
            return "handler: JSON check + send() + compression";
        }
        if (n.startsWith("kafka-producer-network-thread")) {
            return "producer I/O thread";
        }
        if (n.contains("kafka-request-handler")) {
            return "broker: request handlers (append to log)";
        }
        if (n.contains("network-thread") || n.contains("kafka-network")) {
            return "broker: network threads";
        }
        return n;
    }

    private static long storedBytes(KafkaConnection kafka, String topic) {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            List<Integer> brokers =
                    admin.describeCluster().nodes().get().stream().map(Node::id).toList();
            long total = 0;
            for (Map<String, LogDirDescription> dirs :
                    admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (LogDirDescription d : dirs.values()) {
                    for (Map.Entry<org.apache.kafka.common.TopicPartition, ReplicaInfo> e :
                            d.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) {
                            total += e.getValue().size();
                        }
                    }
                }
            }
            return total;
        } catch (Exception e) {
            return -1;
        }
    }

    private static double gcSeconds() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                        .filter(t -> t > 0)
                        .sum()
                / 1000.0;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
