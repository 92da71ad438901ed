package dev.kafka101.basics.offsets;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.KafkaConnection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** OffsetResetDemo {@code --topic T --auto-offset-reset P}: not a reset, where a NEW group starts reading. */
public final class AutoReset {
    private AutoReset() {}

    /** Prints where a new group with {@code --auto-offset-reset} starts on {@code --topic}. */
    public static void print(KafkaConnection kafka) {
        CommandLine cli = kafka.commandLine();
        String topic = cli.value("--topic")
                .orElseThrow(() -> new BadInputException("--topic is required with --auto-offset-reset"));
        String policy = cli.value("--auto-offset-reset").get();
        try {
            Map<TopicPartition, Long> start = startOfNewGroup(
                    kafka.clientProperties(), topic, "auto-offset-reset-demo-" + System.currentTimeMillis(), policy);
            System.out.printf("A new group with auto.offset.reset=%s starts at %s%n", policy, start);
        } catch (ConfigException e) {
            throw new BadInputException("--auto-offset-reset: " + e.getMessage());
        }
    }

    /**
     * Where a group with no committed offsets starts reading {@code topic}: the position each partition gets from
     * {@code auto.offset.reset} ({@code earliest}, {@code latest}, or since Kafka 4.0 {@code by_duration:<ISO-8601>},
     * KIP-1106: the first record no older than that duration). Reads nothing and commits nothing.
     */
    public static Map<TopicPartition, Long> startOfNewGroup(
            Properties connection, String topic, String group, String autoOffsetReset) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // a group that never committed
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // the policy we look at
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        // look, don't commit
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            // no group membership needed to see where the policy puts us
            consumer.assign(partitions);
            Map<TopicPartition, Long> start = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
            for (TopicPartition tp : partitions) {
                // no committed offset: the policy decides
                start.put(tp, consumer.position(tp, Duration.ofSeconds(15)));
            }
            return start;
        }
    }
}
