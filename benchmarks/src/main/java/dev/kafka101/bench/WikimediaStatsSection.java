package dev.kafka101.bench;

import dev.kafka101.wikimedia.stats.WikimediaStatsBenchmark;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** Section 5b: the Wikimedia stats consumer, at-least-once vs exactly-once, next to a bare consumer, in one run. */
final class WikimediaStatsSection {
    private WikimediaStatsSection() {}

    static Report.Section stats(Properties connection, boolean full, int repeat) {
        int events = full ? 500_000 : 200_000; // runs of several seconds: several transactions and commits
        System.out.println("5b. Wikimedia stats consumer: at-least-once vs exactly-once...");
        WikimediaStatsBenchmark.Result r = WikimediaStatsBenchmark.measure(connection, events, repeat, System.out);
        Report.Section s = new Report.Section("5b. Wikimedia stats consumer: at-least-once vs exactly-once")
                .setup(String.format(
                        Locale.ROOT,
                        "%,d synthetic recent-change events already in a 3-partition RF 3 "
                                + "topic; WikimediaStatsConsumer reads them in a new group each run (JSON parse, per-second "
                                + "stats record, commit), %d runs per mode, alternated, after a warm-up. At-least-once: stats "
                                + "sent every second, flush + commitSync every 5 s. Exactly-once: one transaction per second "
                                + "(stats record + sendOffsetsToTransaction), read_committed. Reference: a bare consumer "
                                + "reading the same records (no parsing, no producing, no commits). Events/s from the first "
                                + "record read to the last.",
                        events,
                        repeat))
                .header("consumer", "events/s min", "median", "max");
        row(s, "at-least-once", r.atLeastOnce(), r.alos());
        row(s, "exactly-once", r.exactlyOnce(), r.eos());
        row(s, "reference: bare read", r.bareRead(), r.bare());
        s.row("exactly-once / at-least-once", "", String.format(Locale.ROOT, "%.2f×", r.ratio()), "");
        s.row(
                "exactly-once: transactions per run, ms each",
                "",
                String.format(Locale.ROOT, "%.0f × %.0f ms", r.transactionsPerRun(), r.msPerTransaction()),
                "");
        s.svg(Report.bars(
                "events/s (median)",
                List.of("at-least-once", "exactly-once", "bare read"),
                List.of(r.alos(), r.eos(), r.bare())));
        s.meaning(String.format(
                Locale.ROOT,
                "Exactly-once ran at %.0f%% of at-least-once (goal ≥ 80%%, %s in this "
                        + "run): it commits a transaction every second, each a few synchronous round trips (markers on "
                        + "every replica) during which the consumer does not read; at-least-once sends its stats "
                        + "asynchronously and commits every 5 s. Here %.0f transactions per run took %.0f ms each: "
                        + "the consumer pays that every second. Both %s the 20 000 events/s goal (%,.0f and %,.0f). "
                        + "The stats consumer reaches %.0f%% of what a bare consumer reads: the rest is parsing JSON "
                        + "and counting.",
                100 * r.ratio(),
                r.ratio() >= 0.8 ? "met" : "missed",
                r.transactionsPerRun(),
                r.msPerTransaction(),
                Math.min(r.alos(), r.eos()) >= 20_000 ? "meet" : "miss",
                r.alos(),
                r.eos(),
                100 * r.alos() / r.bare()));
        return s;
    }

    private static void row(Report.Section s, String name, List<Double> runs, double median) {
        s.row(name, Report.fmt(LabReport.min(runs)), Report.fmt(median), Report.fmt(LabReport.max(runs)));
    }
}
