package dev.kafka101.basics.lab;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** Reading a producer's own metrics, and the counters a lab keeps in its send callbacks. */
public final class ProducerMetrics {
    private ProducerMetrics() {}

    public static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals(name))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst()
                .orElse(Double.NaN);
    }

    public static int[] toArray(AtomicIntegerArray a) {
        int[] out = new int[a.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i);
        }
        return out;
    }

    public static long sum(AtomicIntegerArray a) {
        long s = 0;
        for (int i = 0; i < a.length(); i++) {
            s += a.get(i);
        }
        return s;
    }
}
