package dev.kafka101.basics.acks;

import static dev.kafka101.basics.AcksLab.ACKS;
import static dev.kafka101.basics.AcksLab.MIN_ISR;

import dev.kafka101.basics.AcksLab;
import dev.kafka101.basics.AcksLab.Result;
import java.util.Locale;

/** The acks lab's console output: the outcome table, the latencies, the retry example, the restart. */
public final class AcksReport {
    private AcksReport() {}

    public static String render(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                "One record per cell, topic with replication factor 3, leader broker %d, retries=0:%n", r.leader()));
        sb.append(String.format("%-20s", ""));
        for (int down : r.isr().keySet()) {
            String column = down + (down == 1 ? " broker" : " brokers") + " stopped, ISR "
                    + r.isr().get(down);
            sb.append(String.format("| %-33s", column));
        }
        sb.append(System.lineSeparator());
        for (String acks : ACKS) {
            for (int minIsr : MIN_ISR) {
                sb.append(String.format("%-20s", "acks=" + acks + " min.isr=" + minIsr));
                for (int down : r.isr().keySet()) {
                    sb.append(
                            String.format("| %-33s", r.cell(acks, minIsr, down).kind().label));
                }
                sb.append(System.lineSeparator());
            }
        }
        sb.append(
                String.format("(min.insync.replicas counts the leader: acks=all needs ISR size >= min.insync.replicas;"
                        + " acks=0/1 ignore it)%n%n"));
        sb.append(String.format(
                "Send latency, all 3 brokers up, min.insync.replicas=2, %d sync sends per level, " + "linger.ms=0:%n",
                r.latencySamples()));
        for (String acks : r.p50().keySet()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "  acks=%-4s p50 %6.2f ms   p99 %6.2f ms%n",
                    acks,
                    r.p50().get(acks),
                    r.p99().get(acks)));
        }
        Outcome retried = r.withDefaultRetries();
        if (retried != null) {
            sb.append(String.format(
                    Locale.ROOT,
                    "%nWith default retries (acks=all, min.insync.replicas=2, ISR %s, "
                            + "delivery.timeout.ms=%d): %s after %.1f s%n  %s%n",
                    r.isr().get(AcksLab.REPLICATION_FACTOR - 1),
                    r.deliveryTimeout().toMillis(),
                    retried.kind().label,
                    retried.took().toMillis() / 1000.0,
                    retried.error()));
            sb.append(String.format("  NotEnoughReplicas is retriable: the producer retries until delivery.timeout.ms"
                    + " (default 120 s) and then reports a TimeoutException.%n"));
        }
        if (r.afterRestart() != null) {
            sb.append(String.format(
                    "%nRestarted the stopped brokers: ISR %s again; acks=all to min.insync.replicas=3: "
                            + "%s (offset %d)%n",
                    r.isrAfterRestart(),
                    r.afterRestart().kind().label,
                    r.afterRestart().offset()));
        }
        return sb.toString();
    }
}
