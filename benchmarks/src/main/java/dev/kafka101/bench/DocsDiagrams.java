package dev.kafka101.bench;

import dev.kafka101.basics.AcksLab;
import dev.kafka101.basics.RebalanceLab;
import dev.kafka101.basics.StickyVsRoundRobinLab;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.bench.diagrams.AcksGrid;
import dev.kafka101.bench.diagrams.Caption;
import dev.kafka101.bench.diagrams.RebalanceTimelines;
import dev.kafka101.bench.diagrams.RecordPath;
import dev.kafka101.bench.diagrams.StickyFill;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.EmbeddedKafkaCluster;
import dev.kafka101.local.Topics;
import dev.kafka101.local.Versions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Draws the docs' measured diagrams (docs/img/*.svg) from one run of the labs on a private 3-broker cluster in this
 * JVM: rebalance timelines per protocol, the acks grid, sticky vs round-robin, a record's path with its latencies.
 * Run: {@code ./mvnw -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.kafka101.bench.DocsDiagrams}.
 */
public final class DocsDiagrams {
    private DocsDiagrams() {}

    public static void main(String[] args) {
        // AcksLab's refused writes are drawn in its grid: mute the broker's stack trace and the producer's retry line
        // for the same event, as AcksLab's own main does (set before the first logger is created)
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        // always its own cluster: no connection flags
        CommandLine spec = CommandLine.bare("DocsDiagrams")
                .withValue("--out", "folder for the SVG files (default docs/img of the project)")
                .withValue("--phase-seconds", "RebalanceLab's phase length (default 2)");
        DemoMain.runTool(spec, args, DocsDiagrams::draw);
    }

    private static void draw(CommandLine cli) throws Exception {
        Path out;
        Duration phase;
        try {
            out = cli.value("--out").map(Path::of).orElseGet(() -> projectRoot().resolve("docs/img"));
            phase = Duration.ofSeconds(cli.intValue("--phase-seconds", 2, 1, 60));
        } catch (BadInputException | InvalidPathException e) {
            throw new BadInputException(e.getMessage()); // one line, exit 2
        }
        long t0 = System.nanoTime();
        Caption caption = new Caption(
                LocalDate.now().toString(),
                Versions.kafka(),
                Versions.java(),
                Runtime.getRuntime().availableProcessors(),
                LabReport.loadAverage().replace(" (1 min)", ""));
        System.out.println("Starting a private 3-broker cluster in this JVM...");
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
            Properties connection = cluster.clientProperties("admin");

            // sticky vs round-robin: StickyVsRoundRobinLab's defaults, fewer records
            StickyFill.Load load = new StickyFill.Load(20_000, 100, 5_000, 5);
            String topic = "docs-diagrams.sticky";
            int partitions = Topics.ensure(connection, topic, 6, 1);
            System.out.printf(
                    Locale.ROOT,
                    "1/3 StickyVsRoundRobinLab: %,d keyless records per partitioner at %,d/s%n",
                    load.records(),
                    load.ratePerSecond());
            Topics.writeOneRecordToEachPartition(connection, topic, partitions);
            for (StickyVsRoundRobinLab.Partitioning p : StickyVsRoundRobinLab.Partitioning.values()) {
                StickyVsRoundRobinLab.run(
                        connection,
                        topic,
                        partitions,
                        5_000,
                        load.recordSize(),
                        0,
                        load.lingerMs(),
                        p,
                        null); // warm-up, not drawn
            }
            StickyVsRoundRobinLab.Result sticky = StickyVsRoundRobinLab.run(
                    connection,
                    topic,
                    partitions,
                    load.records(),
                    load.recordSize(),
                    load.ratePerSecond(),
                    load.lingerMs(),
                    StickyVsRoundRobinLab.Partitioning.STICKY,
                    null);
            StickyVsRoundRobinLab.Result roundRobin = StickyVsRoundRobinLab.run(
                    connection,
                    topic,
                    partitions,
                    load.records(),
                    load.recordSize(),
                    load.ratePerSecond(),
                    load.lingerMs(),
                    StickyVsRoundRobinLab.Partitioning.ROUND_ROBIN,
                    null);
            write(out, "sticky-vs-round-robin.svg", StickyFill.svg(sticky, roundRobin, load, caption));

            // rebalance timelines: the three protocols, as the lab report runs them
            System.out.println("2/3 RebalanceLab: eager, cooperative, KIP-848, " + phase.toSeconds() + " s phases");
            RebalanceLab.Settings settings = new RebalanceLab.Settings(
                    phase,
                    200,
                    List.of(
                            RebalanceLab.Protocol.EAGER,
                            RebalanceLab.Protocol.COOPERATIVE,
                            RebalanceLab.Protocol.KIP848),
                    true,
                    false);
            List<RebalanceLab.Result> rebalances = RebalanceLab.run(connection, settings);
            write(out, "rebalance-timelines.svg", RebalanceTimelines.svg(rebalances, settings, caption));

            // acks: the 27 cells and the latency per level (it stops followers 1 and 2, then restarts them)
            System.out.println("3/3 AcksLab: 27 cells, then p50/p99 per acks level");
            String prefix = "docs-diagrams.acks-" + Long.toString(System.currentTimeMillis(), 36);
            AcksLab.Result acks = AcksLab.run(connection, prefix, Brokers.of(cluster), 300, Duration.ofSeconds(3));
            write(out, "acks-min-insync-grid.svg", AcksGrid.svg(acks, caption));
            write(out, "record-path.svg", RecordPath.svg(acks, caption));
        }
        System.out.printf(Locale.ROOT, "Done in %.0f s.%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void write(Path folder, String name, String svg) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, svg, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "   wrote %s (%,d bytes)%n", file, svg.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The folder with the root pom and docs/: exec:java and the IDE run from there, a shell may be elsewhere. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("docs")) && Files.isRegularFile(d.resolve("mvnw"))) {
                return d;
            }
        }
        return dir;
    }
}
