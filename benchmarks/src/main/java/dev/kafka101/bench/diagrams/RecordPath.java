package dev.kafka101.bench.diagrams;

import dev.kafka101.basics.AcksLab;
import java.util.Locale;

/**
 * A record's path, producer → leader → followers → acknowledgement, as a sequence diagram; where each acks level
 * answers, with the send latency AcksLab measured for it (3 brokers up, min.insync.replicas=2).
 */
public final class RecordPath {
    private static final int WIDTH = 960;
    private static final double PRODUCER = 120;
    private static final double LEADER = 430;
    private static final double FOLLOWER_1 = 650;
    private static final double FOLLOWER_2 = 840;
    private static final String ACK = "#2e7d32";
    private static final String DATA = "#1f4e8c";
    private static final String FETCH = "#7a5195";

    private RecordPath() {}

    public static String svg(AcksLab.Result r, Caption caption) {
        Svg svg = new Svg(WIDTH, 0);
        svg.text(
                16, 26, "A record's path: producer → leader → followers → acknowledgement", 17, "start", Svg.INK, true);
        svg.text(
                16,
                46,
                "One partition, replication factor 3, every replica in sync. Time flows down. Green: where"
                        + " each acks level answers, with the latency measured for it.",
                12.5);
        double top = 66;
        double bottom = 556;
        head(svg, PRODUCER, top, "Producer", "send(record)");
        head(svg, LEADER, top, "Broker 0", "leader of the partition");
        head(svg, FOLLOWER_1, top, "Broker 1", "follower");
        head(svg, FOLLOWER_2, top, "Broker 2", "follower");
        for (double x : new double[] {PRODUCER, LEADER, FOLLOWER_1, FOLLOWER_2}) {
            svg.line(x, top + 44, x, bottom, "#999", 1.2, true);
        }

        // 1: the followers' fetches already wait at the leader (a long poll: replica.fetch.wait.max.ms)
        svg.arrow(FOLLOWER_1, 150, LEADER + 4, 150, FETCH, false);
        svg.arrow(FOLLOWER_2, 158, LEADER + 4, 158, FETCH, false);
        svg.label(
                LEADER + 14,
                141,
                "① Fetch(from offset n): the followers pull; it waits at the leader",
                11.5,
                "start",
                FETCH,
                false);

        // 2: the produce request
        svg.arrow(PRODUCER, 196, LEADER - 4, 196, DATA, false);
        svg.label(PRODUCER + 12, 189, "② ProduceRequest: a batch with the record", 12, "start", DATA, false);
        acks(svg, 208, "0", "done once written to the socket", r);

        // 3: the leader appends
        svg.roundRect(LEADER - 66, 218, 132, 36, "#e3ecf7", DATA);
        svg.text(LEADER, 233, "③ append to its log", 11.5, "middle", Svg.INK, false);
        svg.text(LEADER, 248, "at offset n", 11.5, "middle", Svg.INK, false);
        svg.arrow(LEADER - 4, 278, PRODUCER + 4, 278, ACK, true);
        svg.label(LEADER - 12, 271, "ProduceResponse (acks=1)", 12, "end", ACK, true);
        acks(svg, 290, "1", "the leader has it, followers not yet", r);

        // 4: the waiting fetches return the new record; 5: the followers append it
        svg.arrow(LEADER + 4, 300, FOLLOWER_1 - 4, 300, DATA, true);
        svg.arrow(LEADER + 4, 308, FOLLOWER_2 - 4, 308, DATA, true);
        svg.label(LEADER + 14, 292, "④ the fetches return the record", 11.5, "start", DATA, false);
        for (double x : new double[] {FOLLOWER_1, FOLLOWER_2}) {
            svg.roundRect(x - 52, 326, 104, 24, "#e3ecf7", DATA);
            svg.text(x, 342, "⑤ append at n", 11.5, "middle", Svg.INK, false);
        }

        // 6: the next fetch says "I have n"; 7: the leader raises the high watermark and answers acks=all
        svg.arrow(FOLLOWER_1, 384, LEADER + 4, 384, FETCH, false);
        svg.arrow(FOLLOWER_2, 392, LEADER + 4, 392, FETCH, false);
        svg.label(
                LEADER + 14, 375, "⑥ next Fetch(from n+1): \"I have everything up to n\"", 11.5, "start", FETCH, false);
        svg.roundRect(LEADER - 110, 408, 220, 52, "#e6f2e6", ACK);
        svg.text(LEADER, 424, "⑦ every in-sync replica has n:", 11.5, "middle", Svg.INK, false);
        svg.text(LEADER, 439, "high watermark → n+1, so", 11.5, "middle", Svg.INK, false);
        svg.text(LEADER, 454, "consumers may read it now", 11.5, "middle", Svg.INK, false);
        svg.arrow(LEADER - 4, 484, PRODUCER + 4, 484, ACK, true);
        svg.label(LEADER - 12, 477, "ProduceResponse (acks=all)", 12, "end", ACK, true);
        acks(svg, 496, "all", "every in-sync replica has it", r);

        double yb = svg.caption(
                bottom + 16,
                caption,
                String.format(
                        Locale.ROOT,
                        "Measured by AcksLab with all 3 brokers up, min.insync.replicas=2,"
                                + " linger.ms=0, %d sync sends per level (send() until done); a p99 is mostly the machine.",
                        r.latencySamples()),
                "acks=all waits for the replicas in sync at that moment; with fewer than min.insync.replicas the"
                        + " leader refuses the write.");
        svg.height((int) Math.ceil(yb));
        return svg.render("A record's path from producer to acknowledgement, with measured latency per acks level");
    }

    private static void head(Svg svg, double x, double top, String name, String role) {
        svg.roundRect(x - 72, top, 144, 42, "#f4f4f4", "#666");
        svg.text(x, top + 18, name, 13.5, "middle", Svg.INK, true);
        svg.text(x, top + 34, role, 11.5, "middle", Svg.MUTED, false);
    }

    /** The producer's side of one acks level: the measured p50 / p99, and what it waited for. */
    private static void acks(Svg svg, double y, String acks, String what, AcksLab.Result r) {
        double p50 = r.p50().getOrDefault(acks, Double.NaN);
        double p99 = r.p99().getOrDefault(acks, Double.NaN);
        svg.rect(PRODUCER - 106, y, 212, 50, "#e6f2e6", ACK);
        svg.text(PRODUCER, y + 16, "acks=" + acks, 13, "middle", ACK, true);
        svg.text(
                PRODUCER,
                y + 31,
                String.format(Locale.ROOT, "p50 %.2f ms · p99 %.2f ms", p50, p99),
                12,
                "middle",
                ACK,
                false);
        svg.text(PRODUCER, y + 45, what, 11, "middle", Svg.MUTED, false);
    }
}
