package dev.kafka101.bench.diagrams;

import dev.kafka101.basics.StickyVsRoundRobinLab;
import java.util.Locale;

/** StickyVsRoundRobinLab's two runs side by side: records per partition, and how full each batch and request was. */
public final class StickyFill {
    private static final String STICKY = "#4e79a7";
    private static final String ROUND_ROBIN = "#f28e2b";
    private static final int WIDTH = 940;

    private StickyFill() {}

    /** The load both runs had, for the subtitle. */
    public record Load(int records, int recordSize, int ratePerSecond, int lingerMs) {}

    public static String svg(
            StickyVsRoundRobinLab.Result sticky, StickyVsRoundRobinLab.Result roundRobin, Load load, Caption caption) {
        Svg svg = new Svg(WIDTH, 0);
        int partitions = sticky.recordsPerPartition().length;
        svg.text(
                16,
                26,
                "Keyless records: the built-in sticky partitioner vs RoundRobinPartitioner",
                17,
                "start",
                Svg.INK,
                true);
        svg.text(
                16,
                46,
                String.format(
                        Locale.ROOT,
                        "The same load twice: %,d records of %d B without a key at %,d"
                                + " records/s, linger.ms=%d, batch.size=16384, %d partitions.",
                        load.records(),
                        load.recordSize(),
                        load.ratePerSecond(),
                        load.lingerMs(),
                        partitions),
                12.5);
        svg.rect(16, 58, 14, 14, STICKY, null);
        svg.text(35, 70, "sticky (built-in, KIP-794)", 12.5);
        svg.rect(230, 58, 14, 14, ROUND_ROBIN, null);
        svg.text(249, 70, "RoundRobinPartitioner", 12.5);

        // left: records per partition
        double top = 110;
        double h = 220;
        double x0 = 78;
        double w = 400;
        svg.text(x0, top - 12, "Records per partition: both use every partition", 13.5, "start", Svg.INK, true);
        long max = 1;
        for (int p = 0; p < partitions; p++) {
            max = Math.max(
                    max, Math.max(sticky.recordsPerPartition()[p], roundRobin.recordsPerPartition()[p]));
        }
        double step = Svg.niceStep(max, 4);
        double ceiling = Math.ceil(max / step) * step;
        for (double v = 0; v <= ceiling + 1e-9; v += step) {
            double yy = top + h - v / ceiling * h;
            svg.line(x0, yy, x0 + w, yy, "#e4e4e4", 1, false);
            svg.text(x0 - 6, yy + 4, String.format(Locale.ROOT, "%,.0f", v), 11, "end", Svg.MUTED, false);
        }
        svg.verticalText(24, top + h / 2, "records (acknowledged)", 12);
        double group = w / partitions;
        double bar = Math.min(26, group * 0.36);
        for (int p = 0; p < partitions; p++) {
            double gx = x0 + p * group + group / 2;
            int s = sticky.recordsPerPartition()[p];
            int r = roundRobin.recordsPerPartition()[p];
            svg.rect(gx - bar - 1, top + h - s / ceiling * h, bar, s / ceiling * h, STICKY, null);
            svg.rect(gx + 1, top + h - r / ceiling * h, bar, r / ceiling * h, ROUND_ROBIN, null);
            svg.text(gx, top + h + 16, "P" + p, 11.5, "middle", Svg.MUTED, false);
        }
        svg.line(x0, top + h, x0 + w, top + h, "#999", 1, false);
        svg.text(x0 + w / 2, top + h + 34, "partition", 12, "middle", Svg.MUTED, false);

        // right: what each produce request carried
        double rx = 540;
        double rw = WIDTH - rx - 70;
        svg.text(rx, top - 12, "But sticky sends fewer, fuller batches", 13.5, "start", Svg.INK, true);
        double y = top + 10;
        y = pair(
                svg,
                rx,
                y,
                rw,
                "average batch size (batch-size-avg, bytes)",
                sticky.batchSizeAvg(),
                roundRobin.batchSizeAvg());
        y = pair(
                svg,
                rx,
                y,
                rw,
                "records per produce request (average)",
                sticky.recordsPerRequestAvg(),
                roundRobin.recordsPerRequestAvg());
        pair(svg, rx, y, rw, "produce requests sent (request-total)", sticky.requests(), roundRobin.requests());

        double batchRatio = StickyVsRoundRobinLab.batchRatio(sticky, roundRobin);
        double yb = svg.caption(
                top + h + 54,
                caption,
                String.format(
                        Locale.ROOT,
                        "Measured by StickyVsRoundRobinLab: sticky batches %.1f× larger, %.2f× the"
                                + " requests; the same load (%,.0f vs %,.0f records/s acknowledged).",
                        batchRatio,
                        sticky.requests() / Math.max(1, roundRobin.requests()),
                        sticky.recordsPerSecond(),
                        roundRobin.recordsPerSecond()),
                "Why: in each " + load.lingerMs() + " ms linger window sticky puts what arrives into ONE partition's"
                        + " batch; round-robin splits it over all " + partitions + ".");
        svg.height((int) Math.ceil(yb));
        return svg.render("Sticky vs round-robin partitioning, measured by StickyVsRoundRobinLab");
    }

    /** Two horizontal bars (sticky above round-robin) on one scale, with their values; returns the y below. */
    private static double pair(
            Svg svg, double x, double y, double width, String label, double sticky, double roundRobin) {
        svg.text(x, y + 10, label, 12.5);
        double max = Math.max(1e-9, Math.max(sticky, roundRobin));
        double bar = 18;
        svg.rect(x, y + 18, sticky / max * width, bar, STICKY, null);
        svg.text(x + sticky / max * width + 5, y + 18 + 13.5, Svg.fmt(sticky), 12, "start", Svg.INK, true);
        svg.rect(x, y + 40, roundRobin / max * width, bar, ROUND_ROBIN, null);
        svg.text(x + roundRobin / max * width + 5, y + 40 + 13.5, Svg.fmt(roundRobin), 12, "start", Svg.INK, true);
        return y + 76;
    }
}
