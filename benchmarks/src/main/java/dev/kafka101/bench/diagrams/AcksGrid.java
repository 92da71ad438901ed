package dev.kafka101.bench.diagrams;

import dev.kafka101.basics.AcksLab;
import dev.kafka101.basics.acks.Outcome;
import java.util.List;
import java.util.Locale;

/** The 27 cells of AcksLab: acks 0/1/all × min.insync.replicas 1/2/3 × 0/1/2 followers stopped, one write each. */
public final class AcksGrid {
    private static final int WIDTH = 940;
    private static final int LEFT = 250;
    private static final int ROW = 30;
    private static final int TOP = 122;

    private AcksGrid() {}

    public static String svg(AcksLab.Result r, Caption caption) {
        Svg svg = new Svg(WIDTH, 0);
        svg.text(
                16,
                26,
                "acks × min.insync.replicas × stopped brokers: what one write gets",
                17,
                "start",
                Svg.INK,
                true);
        svg.text(
                16,
                46,
                "Replication factor 3, leader broker " + r.leader() + ", followers stopped one by one. One"
                        + " record per cell with retries=0: each cell is the broker's own answer.",
                12.5);
        double colWidth = (WIDTH - LEFT - 16) / 3.0;
        List<Integer> downs = List.copyOf(r.isr().keySet());
        for (int c = 0; c < 3; c++) {
            double x = LEFT + c * colWidth;
            svg.text(
                    x + colWidth / 2,
                    TOP - 40,
                    c + (c == 1 ? " follower" : " followers") + " stopped",
                    13.5,
                    "middle",
                    Svg.INK,
                    true);
            String isr = c < downs.size()
                    ? "in-sync replicas " + r.isr().get(downs.get(c)) + ": "
                            + r.isr().get(downs.get(c)).size()
                    : "(not run: external cluster)";
            svg.text(x + colWidth / 2, TOP - 22, isr, 12, "middle", Svg.MUTED, false);
        }
        svg.text(LEFT - 10, TOP - 8, "min.insync.replicas", 12, "end", Svg.MUTED, false);
        double y = TOP;
        for (String acks : AcksLab.ACKS) {
            double blockTop = y;
            for (int minIsr : AcksLab.MIN_ISR) {
                svg.text(LEFT - 10, y + ROW / 2.0 + 4.5, String.valueOf(minIsr), 13, "end", Svg.INK, false);
                for (int c = 0; c < 3; c++) {
                    Outcome o = r.cell(acks, minIsr, c);
                    double x = LEFT + c * colWidth;
                    String[] look = look(o);
                    svg.rect(x + 2, y + 2, colWidth - 4, ROW - 4, look[0], "#fff");
                    svg.text(
                            x + colWidth / 2,
                            y + ROW / 2.0 + 4.5,
                            look[1],
                            12.5,
                            "middle",
                            Svg.INK,
                            o != null && !o.written());
                }
                y += ROW;
            }
            svg.text(20, blockTop + ROW * 1.5 + 6, "acks=" + acks, 16, "start", Svg.INK, true);
            svg.text(20, blockTop + ROW * 1.5 + 24, hint(acks), 11.5, "start", Svg.MUTED, false);
            svg.line(16, y + 4, WIDTH - 16, y + 4, Svg.GRID, 1, false);
            y += 9;
        }
        // legend
        y += 14;
        String[][] legend = {
            {"#c8e6c9", "accepted: the broker answered with an offset"},
            {"#fff3c4", "sent, no answer (acks=0)"},
            {"#f8c4c4", "refused, nothing written"}
        };
        double[] at = {16, 380, 600};
        for (int i = 0; i < legend.length; i++) {
            svg.rect(at[i], y - 11, 14, 14, legend[i][0], "#999");
            svg.text(at[i] + 19, y, legend[i][1], 12);
        }
        y += 24;
        svg.text(
                16,
                y,
                "min.insync.replicas counts the leader: acks=all needs at least that many in-sync replicas."
                        + " acks=0 and 1 never check it,",
                12.5);
        y += 17;
        svg.text(
                16,
                y,
                "but what they write while fewer replicas are in sync stays unreadable until enough are back"
                        + " (the high watermark waits: KAFKA-15583).",
                12.5);
        y += 10;
        double[] lat = {r.p50().getOrDefault("all", Double.NaN), r.p99().getOrDefault("all", Double.NaN)};
        String retry = r.withDefaultRetries() == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        "With the default retries"
                                + " instead, a refused acks=all write ended in a %s after %.1f s (delivery.timeout.ms=%d).",
                        r.withDefaultRetries()
                                .kind()
                                .name()
                                .toLowerCase(Locale.ROOT)
                                .replace('_', ' '),
                        r.withDefaultRetries().took().toMillis() / 1000.0,
                        r.deliveryTimeout().toMillis());
        y = svg.caption(
                y + 14,
                caption,
                String.format(
                        Locale.ROOT,
                        "Measured by AcksLab: %d of 27 writes accepted or sent, %d refused. With"
                                + " all 3 brokers up, acks=all took p50 %.2f ms, p99 %.2f ms (%d sync sends).",
                        count(r, true),
                        count(r, false),
                        lat[0],
                        lat[1],
                        r.latencySamples()),
                retry);
        svg.height((int) Math.ceil(y));
        return svg.render("acks x min.insync.replicas x stopped brokers, measured by AcksLab");
    }

    private static String hint(String acks) {
        return switch (acks) {
            case "0" -> "no answer awaited";
            case "1" -> "the leader's answer";
            default -> "every in-sync replica";
        };
    }

    private static String[] look(Outcome o) {
        if (o == null) {
            return new String[] {"#eeeeee", "not run"};
        }
        return switch (o.kind()) {
            case ACCEPTED -> new String[] {"#c8e6c9", "accepted"};
            case SENT_NO_REPLY -> new String[] {"#fff3c4", "sent, no answer"};
            case NOT_ENOUGH_REPLICAS -> new String[] {"#f8c4c4", "NotEnoughReplicas"};
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND -> new String[] {"#f8c4c4", "NotEnoughReplicasAfterAppend"};
            case TIMEOUT -> new String[] {"#dddddd", "timeout"};
            case FAILED -> new String[] {"#dddddd", "failed"};
        };
    }

    private static int count(AcksLab.Result r, boolean written) {
        int n = 0;
        for (Outcome o : r.cells().values()) {
            if (o.written() == written) {
                n++;
            }
        }
        return n;
    }
}
