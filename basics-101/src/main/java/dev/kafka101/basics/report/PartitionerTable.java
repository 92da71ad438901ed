package dev.kafka101.basics.report;

import static dev.kafka101.basics.StickyVsRoundRobinLab.batchRatio;
import static dev.kafka101.basics.StickyVsRoundRobinLab.throughputRatio;

import dev.kafka101.basics.StickyVsRoundRobinLab.Result;

/** StickyVsRoundRobinLab's table: per-partition counts, the producer's metrics side by side, and the two ratios. */
public final class PartitionerTable {
    private PartitionerTable() {}

    public static String table(Result sticky, Result roundRobin) {
        StringBuilder sb = new StringBuilder();
        String row = "%-34s %18s %18s%n";
        sb.append(String.format(row, "", sticky.partitioning().label, roundRobin.partitioning().label));
        for (int p = 0; p < sticky.recordsPerPartition().length; p++) {
            sb.append(String.format(
                    row,
                    "records in partition " + p,
                    String.format("%,d", sticky.recordsPerPartition()[p]),
                    String.format("%,d", roundRobin.recordsPerPartition()[p])));
        }
        sb.append(
                String.format(row, "batch-size-avg (bytes)", f1(sticky.batchSizeAvg()), f1(roundRobin.batchSizeAvg())));
        sb.append(String.format(
                row,
                "records-per-request-avg",
                f1(sticky.recordsPerRequestAvg()),
                f1(roundRobin.recordsPerRequestAvg())));
        sb.append(String.format(
                row, "produce requests (request-total)", f0(sticky.requests()), f0(roundRobin.requests())));
        sb.append(String.format(
                row,
                "record-send-rate (metric, /s) *",
                f0(sticky.recordSendRateMetric()),
                f0(roundRobin.recordSendRateMetric())));
        sb.append(String.format(
                row,
                "records/s (acknowledged / wall)",
                f0(sticky.recordsPerSecond()),
                f0(roundRobin.recordsPerSecond())));
        sb.append(String.format(
                row,
                "wall time (s)",
                String.format("%.2f", sticky.wallTime().toMillis() / 1000.0),
                String.format("%.2f", roundRobin.wallTime().toMillis() / 1000.0)));
        sb.append(String.format(row, "failed sends", sticky.failed(), roundRobin.failed()));
        sb.append(String.format(
                "=> batch-size ratio (sticky / round-robin): %.1fx; throughput ratio: %.2fx%n",
                batchRatio(sticky, roundRobin), throughputRatio(sticky, roundRobin)));
        sb.append("   * Kafka's rates divide by at least (metrics.num.samples - 1) x metrics.sample.window.ms = 30 s,\n"
                + "     so for a run shorter than that the metric is low; the wall-clock line is the real rate.\n");
        return sb.toString();
    }

    private static String f1(double v) {
        return String.format("%,.1f", v);
    }

    private static String f0(double v) {
        return String.format("%,.0f", v);
    }
}
