package dev.kafka101.basics.rebalance;

import static dev.kafka101.basics.RebalanceLab.PARTITIONS;
import static dev.kafka101.basics.rebalance.Scenario.SETTLE_TIMEOUT_S;

import dev.kafka101.basics.RebalanceLab.Result;
import dev.kafka101.basics.RebalanceLab.Settings;
import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.basics.report.TimelineHtml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rebalance lab's output: the console table, the listener calls, the HTML page with the timelines. */
public final class RebalanceReport {
    private RebalanceReport() {}

    public static final List<String> HEADER = List.of(
            "protocol",
            "revoked on join (moved)",
            "revoked on leave (moved)",
            "longest no-owner gap",
            "… of a partition that did not move",
            "nobody owned anything (stop the world)",
            "longest processing pause",
            "processed twice",
            "lost");

    public static List<List<String>> rows(List<Result> results) {
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(TimelineHtml.row(
                    r.protocol().flag + (r.interrupted() ? " (stopped early)" : ""),
                    r.join().revoked().size() + " of " + PARTITIONS + " ("
                            + r.join().moved().size() + ")",
                    r.leave().revoked().size() + " of " + PARTITIONS + " ("
                            + r.leave().moved().size() + ")",
                    r.longestGapMs() + " ms",
                    r.longestUnmovedGapMs() + " ms",
                    r.stopTheWorldMs() + " ms",
                    r.longestPauseMs() + " ms",
                    r.processedTwice() + " of " + r.acked(),
                    r.interrupted() ? "n/a (not drained)" : String.valueOf(r.lost())));
        }
        return rows;
    }

    /** The console table: one line per protocol, then what each column means. */
    public static String table(List<Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "protocol",
                "revoked on join",
                "revoked on leave",
                "longest gap",
                "gap, unmoved",
                "stop-the-world",
                "longest pause",
                "twice",
                "lost"));
        for (List<String> r : rows(results)) {
            rows.add(r);
        }
        int[] w = new int[rows.get(0).size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(
                        i == 0
                                ? String.format("%-" + w[i] + "s", r.get(i))
                                : String.format("  %" + w[i] + "s", r.get(i)));
            }
            sb.append(System.lineSeparator());
        }
        for (Result r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%s: %d sent, %d acknowledged, %d processed; C's join settled in %d ms,"
                            + " A's leave in %d ms%s%s%n",
                    r.protocol().flag,
                    r.sent(),
                    r.acked(),
                    r.processed(),
                    r.join().settledMs() - r.join().triggerMs(),
                    r.leave().settledMs() - r.leave().triggerMs(),
                    r.failedCommits() > 0
                            ? "; " + r.failedCommits() + " commit(s) refused during a rebalance (normal: the"
                                    + " group accepts them again once it settled; each was retried, nothing lost)"
                            : "",
                    r.join().settled() && r.leave().settled()
                            ? ""
                            : "; DID NOT SETTLE within " + SETTLE_TIMEOUT_S + " s"));
        }
        sb.append(
                        "revoked = partitions given up in onPartitionsRevoked/onPartitionsLost (moved = partitions whose owner changed);")
                .append(System.lineSeparator())
                .append("gap = time a partition had no owner; stop-the-world = time not one partition had an owner;")
                .append(System.lineSeparator())
                .append(
                        "pause = longest time between two records processed by the group; twice/lost = of the acknowledged records.")
                .append(System.lineSeparator());
        return sb.toString();
    }

    /** Every listener call of one run, in time order: what a consumer was told, and when. */
    public static String events(Result r) {
        StringBuilder sb = new StringBuilder("-- " + r.protocol().flag + ": listener calls" + System.lineSeparator());
        for (OwnershipTimeline.Event e : r.events()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%8.3f s  %s %-8s %s%n",
                    e.atMs() / 1000.0,
                    e.owner(),
                    e.kind().name().toLowerCase(Locale.ROOT),
                    e.partitions()));
        }
        return sb.toString();
    }

    public static Path writeHtml(List<Result> results, Settings settings, Path file) throws IOException {
        List<TimelineHtml.Chart> charts = new ArrayList<>();
        // close-ups of both rebalances, the same length for every protocol: from just before the change until the
        // slowest protocol had settled
        long joinSpan = 200
                + results.stream()
                        .mapToLong(r -> r.join().settledMs() - r.join().triggerMs())
                        .max()
                        .orElse(0)
                + 300;
        long leaveSpan = 200
                + results.stream()
                        .mapToLong(r -> r.leave().settledMs() - r.leave().triggerMs())
                        .max()
                        .orElse(0)
                + 300;
        for (Result r : results) {
            List<TimelineHtml.Zoom> zooms = List.of(
                    new TimelineHtml.Zoom(
                            String.format(Locale.ROOT, "C joins (close-up, %.1f s)", joinSpan / 1000.0),
                            r.join().triggerMs() - 200,
                            r.join().triggerMs() - 200 + joinSpan),
                    new TimelineHtml.Zoom(
                            String.format(Locale.ROOT, "A leaves (close-up, %.1f s)", leaveSpan / 1000.0),
                            r.leave().triggerMs() - 200,
                            r.leave().triggerMs() - 200 + leaveSpan));
            List<TimelineHtml.Bar> bars = r.intervals().stream()
                    .map(i -> new TimelineHtml.Bar(
                            i.partition(),
                            i.startMs(),
                            i.endMs() < 0 ? r.endMs() : i.endMs(),
                            i.owner(),
                            i.endedLost()))
                    .toList();
            List<TimelineHtml.Shade> shades = r.idle().stream()
                    .map(i -> new TimelineHtml.Shade(i[0], i[1]))
                    .toList();
            charts.add(new TimelineHtml.Chart(
                    r.protocol().title,
                    String.format(
                            Locale.ROOT,
                            "revoked on C's join: %s (moved %s) · on A's leave: %s (moved %s) · longest gap %d ms, unmoved %d ms · "
                                    + "stop-the-world %d ms · twice %d · lost %d",
                            r.join().revoked(),
                            r.join().moved(),
                            r.leave().revoked(),
                            r.leave().moved(),
                            r.longestGapMs(),
                            r.longestUnmovedGapMs(),
                            r.stopTheWorldMs(),
                            r.processedTwice(),
                            r.lost()),
                    "P",
                    PARTITIONS,
                    r.endMs(),
                    bars,
                    r.markers(),
                    shades,
                    zooms));
        }
        String intro = String.format(
                Locale.ROOT,
                "6 partitions, %d keyed records/s with sequence numbers; consumers A and B, "
                        + "then C joins, then A leaves (close(): graceful); each phase %.1f s after the group settled. "
                        + "Consumers %s. Lanes = partitions, colour = owner, white = no owner.",
                settings.ratePerSecond(),
                settings.phase().toMillis() / 1000.0,
                settings.commitOnRevoke()
                        ? "commit after every processed batch and in onPartitionsRevoked"
                        : "commit once a second only, never on revoke");
        List<String> notes = List.of(
                "Eager (RangeAssignor): every member revokes everything at every rebalance, then waits for the new assignment.",
                "Cooperative (CooperativeStickyAssignor) and KIP-848 (group.protocol=consumer): only the partitions that move "
                        + "are revoked; the others keep being processed.",
                "The default classic consumer (partition.assignment.strategy = [RangeAssignor, CooperativeStickyAssignor]) is eager.",
                "Made by dev.kafka101.basics.RebalanceLab; proven by RebalanceLabTest.");
        return TimelineHtml.write(
                file, "Rebalance lab: eager vs cooperative vs KIP-848", intro, HEADER, rows(results), charts, notes);
    }
}
