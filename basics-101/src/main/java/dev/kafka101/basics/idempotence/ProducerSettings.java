package dev.kafka101.basics.idempotence;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/** IdempotenceLab parts (a) and (b): what a producer built from some properties really runs with. */
public final class ProducerSettings {
    /** The settings the lab prints, as the producer resolves them. */
    public static final List<String> SAFETY_SETTINGS = List.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.RETRIES_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG);

    private ProducerSettings() {}

    /**
     * The settings a producer built from {@code props} runs with: {@link ProducerConfig} is the very class
     * {@code new KafkaProducer(props)} resolves its settings with (defaults applied, idempotence rules enforced).
     */
    public static Map<String, Object> effective(Properties props) {
        ProducerConfig config = new ProducerConfig(props);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : SAFETY_SETTINGS) {
            Object value = config.values().get(key);
            settings.put(
                    key,
                    ProducerConfig.ACKS_CONFIG.equals(key) && "-1".equals(String.valueOf(value)) ? "all (-1)" : value);
        }
        return settings;
    }

    /** Builds a real producer from {@code props}: "constructed" or the one-line error it failed with. */
    public static String construct(Properties props) {
        try (KafkaProducer<String, String> ignored = new KafkaProducer<>(props)) {
            return "constructed";
        } catch (ConfigException e) {
            return "ConfigException: " + e.getMessage();
        }
    }
}
