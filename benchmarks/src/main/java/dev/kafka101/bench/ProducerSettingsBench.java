package dev.kafka101.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;

/** Sections 2 and 3: the partitioner and the acks level, each measured against the other choices in the same run. */
final class ProducerSettingsBench {
    private ProducerSettingsBench() {}

    static Properties base(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return p;
    }

    static Report.Section stickyVsRoundRobin(String bootstrap, boolean full, int repeat) throws Exception {
        int records = full ? 200_000 : 20_000;
        createTopics(bootstrap, "bench.partitioner", 2 * (repeat + 1), 6, 1);
        Properties sticky = base(bootstrap); // Kafka 4.x default: the built-in uniform sticky partitioner
        Properties roundRobin = base(bootstrap);
        roundRobin.put(
                ProducerConfig.PARTITIONER_CLASS_CONFIG,
                RoundRobinPartitioner.class.getName()); // one record per partition in turn
        System.out.println("2. Sticky vs round-robin: warm-up...");
        ProducerThroughputBench.ours("sticky", sticky, "bench.partitioner.0", records / 4);
        ProducerThroughputBench.ours("round-robin", roundRobin, "bench.partitioner.1", records / 4);
        List<ProducerThroughputBench.Run> s = new ArrayList<>();
        List<ProducerThroughputBench.Run> r = new ArrayList<>();
        int topic = 2;
        for (int i = 0; i < repeat; i++) {
            s.add(ProducerThroughputBench.ours("sticky (default)", sticky, "bench.partitioner." + topic++, records));
            r.add(ProducerThroughputBench.ours(
                    "RoundRobinPartitioner", roundRobin, "bench.partitioner." + topic++, records));
            System.out.printf(
                    "   run %d/%d: sticky %,.0f rec/s, round-robin %,.0f rec/s%n",
                    i + 1, repeat, s.get(i).recordsPerSec(), r.get(i).recordsPerSec());
        }
        Report.Section section = new Report.Section("2. Sticky vs round-robin partitioner")
                .setup(String.format(
                        Locale.ROOT,
                        "%,d keyless records of 1 KB per run, %d runs each, topic with 6 "
                                + "partitions (RF 1), producer defaults otherwise (acks=all, idempotent, linger.ms=5, batch.size=16 KB).",
                        records,
                        repeat))
                .header(
                        "partitioner",
                        "records/s (median)",
                        "mean batch (B)",
                        "records per request",
                        "p99 latency (ms)");
        for (List<ProducerThroughputBench.Run> runs : List.of(s, r)) {
            section.row(
                    runs.get(0).who(),
                    Report.fmt(med(runs, ProducerThroughputBench.Run::recordsPerSec)),
                    Report.fmt(med(runs, ProducerThroughputBench.Run::batchSizeAvg)),
                    Report.fmt(med(runs, ProducerThroughputBench.Run::recordsPerRequestAvg)),
                    Report.fmt(med(runs, ProducerThroughputBench.Run::p99)));
        }
        double batchRatio =
                med(s, ProducerThroughputBench.Run::batchSizeAvg) / med(r, ProducerThroughputBench.Run::batchSizeAvg);
        double rateRatio =
                med(s, ProducerThroughputBench.Run::recordsPerSec) / med(r, ProducerThroughputBench.Run::recordsPerSec);
        section.row(
                "ratio sticky / round-robin",
                String.format(Locale.ROOT, "%.2f×", rateRatio),
                String.format(Locale.ROOT, "%.2f×", batchRatio),
                "",
                "");
        section.svg(Report.bars(
                "B mean batch",
                List.of("sticky (default)", "RoundRobinPartitioner"),
                List.of(
                        med(s, ProducerThroughputBench.Run::batchSizeAvg),
                        med(r, ProducerThroughputBench.Run::batchSizeAvg))));
        section.meaning(String.format(
                Locale.ROOT,
                "Keyless records sent as fast as possible: the sticky partitioner filled "
                        + "batches %.1f× larger and moved %.2f× the records per second of round-robin. %s",
                batchRatio,
                rateRatio,
                batchRatio > 1.5
                        ? "Round-robin spreads each burst over every partition, so each batch holds fewer records; "
                                + "sticky fills one partition's batch, then moves on."
                        : "At full speed both fill their batches: the sticky advantage shows most when records trickle in "
                                + "(see StickyVsRoundRobinLab at a steady rate)."));
        return section;
    }

    static Report.Section acksLevels(String bootstrap, boolean full, int repeat) throws Exception {
        int records = full ? 100_000 : 15_000;
        int rate = 2_000;
        int latencyRecords = full ? 20_000 : 4_000;
        createTopics(bootstrap, "bench.acks", 6 * (repeat + 1), 3, 3);
        List<String> levels = List.of("0", "1", "all");
        Map<String, List<ProducerThroughputBench.Run>> fast = new java.util.LinkedHashMap<>();
        Map<String, List<ProducerThroughputBench.Run>> paced = new java.util.LinkedHashMap<>();
        levels.forEach(l -> {
            fast.put(l, new ArrayList<>());
            paced.put(l, new ArrayList<>());
        });
        int topic = 0;
        System.out.println("3. acks 0 / 1 / all: warm-up...");
        for (String acks : levels) {
            ProducerThroughputBench.ours(
                    "acks=" + acks, acksSettings(bootstrap, acks), "bench.acks." + topic++, records / 4);
        }
        for (int i = 0; i < repeat; i++) {
            for (String acks : levels) {
                fast.get(acks)
                        .add(ProducerThroughputBench.ours(
                                "acks=" + acks, acksSettings(bootstrap, acks), "bench.acks." + topic++, records));
                paced.get(acks)
                        .add(ProducerThroughputBench.ours(
                                "acks=" + acks,
                                acksSettings(bootstrap, acks),
                                "bench.acks." + topic++,
                                latencyRecords,
                                rate));
            }
            System.out.printf("   run %d/%d done%n", i + 1, repeat);
        }
        Report.Section section = new Report.Section("3. acks 0 / 1 / all on 3 brokers")
                .setup(String.format(
                        Locale.ROOT,
                        "Topic with 3 partitions, RF 3; idempotence off for acks 0 and 1 (it requires "
                                + "acks=all), linger.ms=5; %d runs per level. Throughput: %,d records of 1 KB as fast as possible. "
                                + "Latency (send() to callback): %,d records at a steady %,d/s, so it is the acknowledgement's cost and "
                                + "not queueing in a full buffer. For acks=0 the callback fires when the request is written, not when "
                                + "a broker has it.",
                        repeat,
                        records,
                        latencyRecords,
                        rate))
                .header("acks", "records/s (median, as fast as possible)", "p50 ms", "p99 ms", "p99.9 ms");
        List<String> names = new ArrayList<>();
        List<double[]> cdfs = new ArrayList<>();
        for (String acks : levels) {
            List<ProducerThroughputBench.Run> f = fast.get(acks);
            List<ProducerThroughputBench.Run> l = paced.get(acks);
            section.row(
                    "acks=" + acks,
                    Report.fmt(med(f, ProducerThroughputBench.Run::recordsPerSec)),
                    Report.fmt(med(l, ProducerThroughputBench.Run::p50)),
                    Report.fmt(med(l, ProducerThroughputBench.Run::p99)),
                    Report.fmt(med(l, ProducerThroughputBench.Run::p999)));
            names.add("acks=" + acks);
            cdfs.add(l.get(l.size() - 1).sortedLatencyMs());
        }
        section.svg(Report.cdf(names, cdfs));
        double all = med(paced.get("all"), ProducerThroughputBench.Run::p50);
        double one = med(paced.get("1"), ProducerThroughputBench.Run::p50);
        double tAll = med(fast.get("all"), ProducerThroughputBench.Run::recordsPerSec);
        double tOne = med(fast.get("1"), ProducerThroughputBench.Run::recordsPerSec);
        section.meaning(String.format(
                Locale.ROOT,
                "At a steady rate the median acknowledgement took %.1f ms with acks=all and "
                        + "%.1f ms with acks=1 (%.1f×): acks=all also waits for the followers to fetch the batch. At full speed "
                        + "acks=all moved %.2f× the records/s of acks=1. acks=0 answers fastest and cannot tell you a record "
                        + "was lost.",
                all,
                one,
                all / Math.max(0.001, one),
                tAll / Math.max(1, tOne)));
        return section;
    }

    static Properties acksSettings(String bootstrap, String acks) {
        Properties p = base(bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, acks); // the level under test
        p.put(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                String.valueOf(acks.equals("all"))); // idempotence needs acks=all
        return p;
    }

    static double med(
            List<ProducerThroughputBench.Run> runs,
            java.util.function.ToDoubleFunction<ProducerThroughputBench.Run> f) {
        return LabReport.median(runs.stream().map(f::applyAsDouble).toList());
    }

    static void createTopics(String bootstrap, String prefix, int count, int partitions, int rf) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                topics.add(new NewTopic(prefix + "." + i, partitions, (short) rf));
            }
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            for (NewTopic t : topics) {
                // before the first send: an idempotent producer whose first batch meets a leader that does not know
                // it leads yet can stall on OutOfOrderSequence until delivery.timeout.ms (seen here)
                dev.kafka101.local.Topics.awaitServing(admin, t.name(), partitions, java.time.Duration.ofSeconds(30));
            }
        }
    }
}
