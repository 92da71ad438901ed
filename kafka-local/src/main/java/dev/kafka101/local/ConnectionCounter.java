package dev.kafka101.local;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * How many connections the brokers of one {@link EmbeddedKafkaCluster} have open per listener, read from each
 * broker's own {@code socket-server-metrics} / {@code connection-count} metric (one per network processor). Kafka
 * creates one reporter per broker ({@code metric.reporters}); each finds its cluster's counter by the id in
 * {@value #REGISTRY_CONFIG}. JMX cannot do this: several brokers in one JVM register the same MBean names.
 */
public final class ConnectionCounter implements MetricsReporter {
    /** Broker setting naming the counter the reporter feeds. */
    static final String REGISTRY_CONFIG = "kafka101.connection.counter";
    /** Cluster id -> the reporters of its running brokers. */
    private static final Map<String, Set<ConnectionCounter>> REGISTRY = new ConcurrentHashMap<>();

    private final Set<KafkaMetric> metrics = ConcurrentHashMap.newKeySet();
    private String registry; // which cluster this broker belongs to; null: not ours

    /** Kafka instantiates one per broker ({@code metric.reporters}). */
    public ConnectionCounter() {}

    /** A new registry id for one cluster. */
    static String newRegistry() {
        String id = UUID.randomUUID().toString();
        REGISTRY.put(id, ConcurrentHashMap.newKeySet());
        return id;
    }

    /** Sum of {@code connection-count} over every network processor of every running broker on {@code listener}. */
    static int count(String registry, String listener) {
        double sum = 0;
        for (ConnectionCounter reporter : REGISTRY.getOrDefault(registry, Set.of())) {
            for (KafkaMetric m : reporter.metrics) {
                if (listener.equals(m.metricName().tags().get("listener")) && m.metricValue() instanceof Double d) {
                    sum += d;
                }
            }
        }
        return (int) Math.round(sum);
    }

    /** Forgets a closed cluster. */
    static void release(String registry) {
        REGISTRY.remove(registry);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object key = configs.get(REGISTRY_CONFIG);
        Set<ConnectionCounter> reporters = key == null ? null : REGISTRY.get(String.valueOf(key));
        if (reporters != null) {
            registry = String.valueOf(key);
            reporters.add(this);
        }
    }

    @Override
    public void init(List<KafkaMetric> list) {
        list.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        if (registry != null
                && "connection-count".equals(metric.metricName().name())
                && "socket-server-metrics".equals(metric.metricName().group())) {
            metrics.add(metric);
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        metrics.remove(metric);
    }

    /** The broker stopped: its metrics no longer count. */
    @Override
    public void close() {
        metrics.clear();
        if (registry != null) {
            REGISTRY.getOrDefault(registry, ConcurrentHashMap.newKeySet()).remove(this);
        }
    }
}
