package dev.kafka101.basics.acks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Send latency per producer: {@code samples} synchronous sends each, after a warm-up; p50 and p99 in ms. */
public final class Latency {
    private Latency() {}

    public static void measure(
            Map<String, KafkaProducer<String, String>> producers,
            String topic,
            int samples,
            Map<String, Double> p50,
            Map<String, Double> p99)
            throws Exception {
        for (Map.Entry<String, KafkaProducer<String, String>> e : producers.entrySet()) {
            KafkaProducer<String, String> producer = e.getValue();
            // warm-up: connections, metadata, JIT
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, "warm-up " + i)).get(10, TimeUnit.SECONDS);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                // one record, wait for the answer
                producer.send(new ProducerRecord<>(topic, "latency " + i)).get(10, TimeUnit.SECONDS);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            p50.put(e.getKey(), percentile(nanos, 50) / 1e6);
            p99.put(e.getKey(), percentile(nanos, 99) / 1e6);
        }
    }

    static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
