package dev.kafka101.local.console;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady producer the console's "Start producer" button runs: N records a second to one topic with the acks you
 * pick, counting what the brokers acknowledged and what failed. Stop brokers while it runs to see the acks lesson:
 * with acks=all and min.insync.replicas=2, losing two of three replicas makes sends fail; acks=1 keeps going.
 */
final class LabProducer {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long TICK_MS = 100;

    private final int id;
    private final String topic;
    private final String acks;
    private final int recordsPerSecond;
    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService ticker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError = "";
    private volatile String state = "running";
    private double due; // records owed by the ticker; only its thread touches it

    LabProducer(int id, Properties connection, String topic, int recordsPerSecond, String acks) {
        this.id = id;
        this.topic = topic;
        this.acks = acks;
        this.recordsPerSecond = recordsPerSecond;

        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // keys are text
        props.setProperty(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // values are text
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "console-producer-" + id);
        props.setProperty(ProducerConfig.ACKS_CONFIG, acks); // 0, 1 or all: who must have the record before "ok"
        props.setProperty(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"); // a broker that does not answer: retry after 5 s
        props.setProperty(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                "10000"); // give up (and count a failure) after 10 s, not 2 min
        // enable.idempotence stays at its default: on with acks=all, switched off by the client for acks=0/1

        this.producer = new KafkaProducer<>(props);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-producer-" + id);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::sendDue, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void sendDue() {
        due += recordsPerSecond * TICK_MS / 1000.0;
        while (due >= 1) {
            due -= 1;
            long n = sent.incrementAndGet();
            String key = "key-" + (n % 12); // 12 keys: records spread over the partitions, each key keeps its partition
            try {
                producer.send(
                        new ProducerRecord<>(topic, key, "record " + n + " from console-producer-" + id), (md, e) -> {
                            if (e == null) {
                                acked.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                lastError = LocalTime.now().format(CLOCK) + " "
                                        + e.getClass().getSimpleName() + ": " + e.getMessage();
                            }
                        });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                lastError = LocalTime.now().format(CLOCK) + " " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
    }

    /** Stops sending, flushes what is pending (bounded) and closes. */
    void stop() {
        state = "stopping";
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10)); // flush: everything sent gets acked or failed before we go
        state = "stopped";
    }

    boolean isStopped() {
        return state.equals("stopped");
    }

    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("clientId", "console-producer-" + id);
        m.put("topic", topic);
        m.put("acks", acks);
        m.put("recordsPerSecond", recordsPerSecond);
        m.put("state", state);
        m.put("sent", sent.get());
        m.put("acked", acked.get());
        m.put("failed", failed.get());
        m.put("pending", sent.get() - acked.get() - failed.get());
        m.put("sendRate", metric("record-send-rate")); // the producer's own metrics, not our counters
        m.put("errorRate", metric("record-error-rate"));
        m.put("lastError", lastError);
        return m;
    }

    private double metric(String name) {
        for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number num && Double.isFinite(num.doubleValue())) {
                    return Math.round(num.doubleValue() * 10) / 10.0;
                }
            }
        }
        return 0;
    }
}
