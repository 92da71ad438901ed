package dev.kafka101.bench.diagrams;

import dev.kafka101.basics.RebalanceLab;
import dev.kafka101.basics.report.OwnershipTimeline;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who owned which partition around the two rebalances of RebalanceLab (C joins, A leaves), one row per protocol,
 * every close-up on the same time scale so the pauses compare at a glance.
 */
public final class RebalanceTimelines {
    private static final Map<String, String> COLOURS = Map.of("A", "#4e79a7", "B", "#f28e2b", "C", "#59a14f");
    private static final String NO_OWNER = "#ececec";
    private static final String STOP_THE_WORLD = "#d62728";
    private static final int WIDTH = 980;
    private static final int LEFT = 44;
    private static final int PANEL_GAP = 36;
    private static final int LANE = 15;
    private static final int LANE_GAP = 3;

    private RebalanceTimelines() {}

    public static String svg(List<RebalanceLab.Result> results, RebalanceLab.Settings settings, Caption caption) {
        // the same span for every protocol: from 200 ms before the change until the slowest protocol settled, + 300 ms
        long joinSpan = 500
                + results.stream()
                        .mapToLong(r -> r.join().settledMs() - r.join().triggerMs())
                        .max()
                        .orElse(0);
        long leaveSpan = 500
                + results.stream()
                        .mapToLong(r -> r.leave().settledMs() - r.leave().triggerMs())
                        .max()
                        .orElse(0);
        double panelWidth = (WIDTH - LEFT - PANEL_GAP - 20) / 2.0;
        int lanesHeight = RebalanceLab.PARTITIONS * (LANE + LANE_GAP);
        int rowHeight = 96 + lanesHeight + 36;
        Svg svg = new Svg(WIDTH, 0);

        svg.text(
                16,
                26,
                "Who owns which partition while a group rebalances: eager vs cooperative vs KIP-848",
                17,
                "start",
                Svg.INK,
                true);
        svg.text(
                16,
                46,
                String.format(
                        Locale.ROOT,
                        "6 partitions, %d keyed records/s. Consumers A and B own them;"
                                + " then C joins; then A leaves (close()).",
                        settings.ratePerSecond()),
                12.5);
        svg.text(
                16,
                63,
                "Each lane is a partition, its colour the consumer that owns it. Only an owned partition's"
                        + " records are processed.",
                12.5);
        double lx = 16;
        double ly = 88;
        for (String owner : List.of("A", "B", "C")) {
            svg.rect(lx, ly - 11, 14, 14, COLOURS.get(owner), null);
            svg.text(lx + 19, ly, "consumer " + owner, 12.5);
            lx += 110;
        }
        svg.rect(lx, ly - 11, 14, 14, NO_OWNER, "#bbb");
        svg.text(lx + 19, ly, "no owner: the partition's records wait", 12.5);
        lx += 270;
        svg.shade(lx, ly - 11, 14, 14, STOP_THE_WORLD, 0.3);
        svg.text(lx + 19, ly, "no partition has an owner: the group stands still", 12.5);

        double y = 104;
        for (RebalanceLab.Result r : results) {
            svg.text(16, y + 20, title(r.protocol()), 14, "start", Svg.INK, true);
            svg.text(
                    16,
                    y + 38,
                    String.format(
                            Locale.ROOT,
                            "revoked on C's join: %d of 6 partitions (%d moved);" + " on A's leave: %d of 6 (%d moved)",
                            r.join().revoked().size(),
                            r.join().moved().size(),
                            r.leave().revoked().size(),
                            r.leave().moved().size()),
                    12,
                    "start",
                    Svg.MUTED,
                    false);
            svg.text(
                    16,
                    y + 54,
                    String.format(
                            Locale.ROOT,
                            "whole group stopped %d ms in total · a partition that"
                                    + " kept its owner waited at most %d ms · processed twice %d, lost %d",
                            r.stopTheWorldMs(),
                            r.longestUnmovedGapMs(),
                            r.processedTwice(),
                            r.lost()),
                    12,
                    "start",
                    Svg.MUTED,
                    false);
            double top = y + 92;
            panel(
                    svg,
                    r,
                    r.join().triggerMs() - 200,
                    joinSpan,
                    LEFT,
                    top,
                    panelWidth,
                    "C starts",
                    r.join().settledMs());
            panel(
                    svg,
                    r,
                    r.leave().triggerMs() - 200,
                    leaveSpan,
                    LEFT + panelWidth + PANEL_GAP,
                    top,
                    panelWidth,
                    "A calls close()",
                    r.leave().settledMs());
            y += rowHeight;
        }
        long eagerStop = results.stream()
                .filter(r -> r.protocol() == RebalanceLab.Protocol.EAGER)
                .mapToLong(RebalanceLab.Result::stopTheWorldMs)
                .findFirst()
                .orElse(-1);
        long incremental = results.stream()
                .filter(r -> r.protocol() != RebalanceLab.Protocol.EAGER)
                .mapToLong(RebalanceLab.Result::stopTheWorldMs)
                .max()
                .orElse(-1);
        y = svg.caption(
                y + 4,
                caption,
                String.format(
                        Locale.ROOT,
                        "Measured: eager stopped the whole group for %d ms in total; cooperative and"
                                + " KIP-848 at most %d ms: a partition that keeps its owner is never given up.",
                        eagerStop,
                        incremental),
                "Left: C's join, right: A's leave, from 200 ms before each change; 0 ms = the change. Made by"
                        + " RebalanceLab (" + settings.phase().toSeconds() + " s phases, commit on revoke).");
        svg.height((int) Math.ceil(y));
        return svg.render("Rebalance timelines per protocol, measured by RebalanceLab");
    }

    private static String title(RebalanceLab.Protocol p) {
        return switch (p) {
            case EAGER -> "Eager: classic protocol, RangeAssignor";
            case COOPERATIVE -> "Cooperative: classic protocol, CooperativeStickyAssignor";
            case KIP848 -> "KIP-848: group.protocol=consumer (the broker assigns)";
            case CLASSIC_DEFAULT -> "Classic, default assignors [Range, CooperativeSticky]";
        };
    }

    /** One close-up: the lanes from {@code from} for {@code span} ms, the change at 200 ms, an axis in ms. */
    private static void panel(
            Svg svg,
            RebalanceLab.Result r,
            long from,
            long span,
            double x,
            double top,
            double width,
            String change,
            long settledAt) {
        long to = from + span;
        double scale = width / span;
        for (int p = 0; p < RebalanceLab.PARTITIONS; p++) {
            double ly = top + p * (LANE + LANE_GAP);
            svg.rect(x, ly, width, LANE, NO_OWNER, null);
            svg.text(x - 6, ly + LANE - 3, "P" + p, 11.5, "end", Svg.MUTED, false);
        }
        for (OwnershipTimeline.Interval i : r.intervals()) {
            long s = Math.max(i.startMs(), from);
            long e = Math.min(i.endMs() < 0 ? r.endMs() : i.endMs(), to);
            if (e <= s) {
                continue;
            }
            double bx = x + (s - from) * scale;
            double bw = (e - s) * scale;
            double ly = top + i.partition() * (LANE + LANE_GAP);
            svg.rect(bx, ly, bw, LANE, COLOURS.getOrDefault(i.owner(), "#999"), null);
            if (bw > 18) {
                svg.text(bx + 4, ly + LANE - 3.5, i.owner(), 10.5, "start", "#fff", true);
            }
        }
        int lanesHeight = RebalanceLab.PARTITIONS * (LANE + LANE_GAP) - LANE_GAP;
        for (long[] idle : r.idle()) {
            long s = Math.max(idle[0], from);
            long e = Math.min(idle[1], to);
            if (e > s) {
                svg.shade(x + (s - from) * scale, top - 3, (e - s) * scale, lanesHeight + 6, STOP_THE_WORLD, 0.3);
            }
        }
        double cx = x + 200 * scale;
        svg.line(cx, top - 30, cx, top + lanesHeight + 4, Svg.INK, 1.2, true);
        svg.text(cx + 4, top - 20, change, 11, "start", Svg.INK, false);
        if (settledAt >= from && settledAt <= to) {
            double sx = x + (settledAt - from) * scale;
            svg.line(sx, top - 16, sx, top + lanesHeight + 4, "#666", 1, true);
            // one line below the change's label, so the two never overlap however close they are
            String label = String.format(Locale.ROOT, "settled +%d ms", settledAt - from - 200);
            boolean fitsRight = sx + 90 < x + width;
            svg.text(fitsRight ? sx + 4 : sx - 4, top - 5, label, 11, fitsRight ? "start" : "end", Svg.MUTED, false);
        }
        // the axis: ms since the change
        double axisY = top + lanesHeight + 6;
        svg.line(x, axisY, x + width, axisY, "#999", 1, false);
        double step = Svg.niceStep(span, 6);
        for (double t = Math.ceil(-200 / step) * step; t <= span - 200; t += step) {
            double tx = x + (t + 200) * scale;
            svg.line(tx, axisY, tx, axisY + 4, "#999", 1, false);
            long label = Math.round(t); // never "-0"
            svg.text(
                    tx,
                    axisY + 16,
                    String.format(Locale.ROOT, "%,d", label == 0 ? 0 : label),
                    10.5,
                    "middle",
                    Svg.MUTED,
                    false);
        }
        svg.text(x + width, axisY + 28, "ms since the change", 10.5, "end", Svg.MUTED, false);
    }
}
