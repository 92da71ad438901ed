package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.Rate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Why a short run's {@code record-send-rate} reads low (docs/partitioning.md): Kafka's own {@link Rate}, fed with the
 * producer's default sample settings and explicit timestamps (no clock, no broker needed).
 */
class KafkaRateMetricTest {

    @Test
    @Tag("claim")
    void rateOfAShortRunIsDividedByItsElapsedTimePlusTheMissingSampleWindows() {
        Map<String, Object> defaults = ProducerConfig.configDef().defaultValues();
        int samples = (Integer) defaults.get(ProducerConfig.METRICS_NUM_SAMPLES_CONFIG); // 2
        long windowMs = (Long) defaults.get(ProducerConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG); // 30 000
        MetricConfig config = new MetricConfig().samples(samples).timeWindow(windowMs, TimeUnit.MILLISECONDS);

        double tenSeconds = run(config, 10_000);
        double fortyFiveSeconds = run(config, 45_000);
        long tenSecondsWindow = windowOf(config, 10_000);
        System.out.printf(
                "producer defaults: %d samples of %d ms; 5 000 records/s for 10 s: window %d ms, rate %.0f/s;"
                        + " for 45 s: rate %.0f/s%n",
                samples, windowMs, tenSecondsWindow, tenSeconds, fortyFiveSeconds);
        assertThat(samples).isEqualTo(2);
        assertThat(windowMs).isEqualTo(30_000L);
        // 10 s elapsed, no full window yet: (samples - 1) = 1 missing window of 30 s is added -> divided by 40 s
        assertThat(tenSecondsWindow).isEqualTo(40_000);
        assertThat(tenSeconds).isCloseTo(50_000 / 40.0, within(1.0));
        // past (samples - 1) full windows nothing is added: the rate is right
        assertThat(fortyFiveSeconds).isCloseTo(5_000, within(5.0));
    }

    /** 5 000 events per second for {@code durationMs}, measured at the end; returns the rate per second. */
    private static double run(MetricConfig config, long durationMs) {
        Rate rate = new Rate();
        long t0 = 1_000_000;
        for (long t = 0; t < durationMs * 5; t++) {
            rate.record(config, 1, t0 + t / 5); // 5 events in each millisecond: 5 000 per second
        }
        return rate.measure(config, t0 + durationMs);
    }

    private static long windowOf(MetricConfig config, long durationMs) {
        Rate rate = new Rate();
        rate.record(config, 1, 1_000_000);
        return rate.windowSize(config, 1_000_000 + durationMs);
    }
}
