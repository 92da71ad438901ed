package dev.kafka101.wikimedia;

import java.io.PrintStream;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Plumbing: the live status line ({@code \r}, one per second) and the final summary. Rates are over the last
 * interval; "out" is what the producer put on the network (compressed batches plus protocol overhead), "ratio" is
 * the producer's own {@code compression-rate-avg} metric turned around (uncompressed / compressed).
 */
final class StatusLine {
    private final WikimediaChangeHandler.Stats stats;
    private final Producer<?, ?> producer;
    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastAcked;
    private long lastBytesIn;
    private double lastBytesOut;

    StatusLine(WikimediaChangeHandler.Stats stats, Producer<?, ?> producer, PrintStream out) {
        this.stats = stats;
        this.producer = producer;
        this.out = out;
    }

    /** Prints the line for the interval since the previous call. */
    synchronized void tick() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        long acked = stats.acked.sum();
        long bytesIn = stats.bytesIn.sum();
        double bytesOut = metric("outgoing-byte-total");
        out.print("\r"
                + line(
                        (acked - lastAcked) / seconds,
                        (bytesIn - lastBytesIn) / seconds,
                        (bytesOut - lastBytesOut) / seconds)
                + "   ");
        out.flush();
        lastNanos = now;
        lastAcked = acked;
        lastBytesIn = bytesIn;
        lastBytesOut = bytesOut;
    }

    /** The whole run in one line. */
    synchronized String summary() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        return String.format(
                "%s | %.1f s",
                line(
                        stats.acked.sum() / seconds,
                        stats.bytesIn.sum() / seconds,
                        metric("outgoing-byte-total") / seconds),
                seconds);
    }

    private String line(double eventsPerSecond, double inPerSecond, double outPerSecond) {
        double rate = metric("compression-rate-avg");
        return String.format(
                "received %,d | acked %,d | %,.0f ev/s | in %.2f MB/s | out %.2f MB/s | ratio %s"
                        + " | canaries %d | DLQ %d | send errors %d",
                stats.received.get(),
                stats.acked.sum(),
                eventsPerSecond,
                inPerSecond / 1e6,
                outPerSecond / 1e6,
                rate > 0 && !Double.isNaN(rate) ? String.format("%.1fx", 1 / rate) : "-",
                stats.canaries.sum(),
                stats.dlq.sum(),
                stats.sendErrors.sum());
    }

    /** A producer-level metric (group producer-metrics), NaN when absent. */
    double metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                return v instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
