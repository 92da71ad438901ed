package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A consumer in a group: subscribe, poll, print key/value/partition/offset; stops after a quiet spell.
 * Run after ProducerDemo: {@code ... -Dexec.mainClass=dev.kafka101.basics.ConsumerDemo} (Ctrl-C: ConsumerDemoWithShutdown).
 * Proven by {@code ProducerConsumerDemoTest#whatTheProducerSendsTheConsumerReads}.
 */
public final class ConsumerDemo {
    public static final String GROUP = "my-java-application";

    private ConsumerDemo() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("ConsumerDemo")
                .withValue("--topic", "topic to read (default " + ProducerDemo.TOPIC + ")")
                .withValue("--group", "consumer group id (default " + GROUP + ")")
                .withSwitch("--follow", "keep polling (Ctrl-C ends it) instead of stopping after 5 quiet seconds");
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            String topic = cli.value("--topic", ProducerDemo.TOPIC);
            if (topic.equals(DemoTopics.DEMO_JAVA.name())) {
                // as ProducerDemo creates it: either may run first
                DemoTopics.DEMO_JAVA.ensure(kafka.clientProperties());
            }
            Duration quiet = cli.isOn("--follow") ? Duration.ofDays(365) : Duration.ofSeconds(5);
            consume(kafka, topic, cli.value("--group", GROUP), quiet);
        });
    }

    /** Reads {@code topic} as group {@code groupId} until nothing new arrived for {@code quiet}; returns the records. */
    public static List<ConsumerRecord<String, String>> consume(
            KafkaConnection kafka, String topic, String groupId, Duration quiet) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys and values are text
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // consumers sharing a group id share the topic's partitions
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // a new group starts at the beginning of the topic, not at its end
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");

        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            System.out.printf("Polling %s as group '%s'...%n", topic, groupId);
            long start = System.nanoTime();
            long lastNews = start;
            while (System.nanoTime() - lastNews < quiet.toNanos()) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> r : records) {
                    System.out.printf(
                            "key=%s value=%s partition=%d offset=%d%n", r.key(), r.value(), r.partition(), r.offset());
                    read.add(r);
                }
                // the quiet spell counts once the group gave us partitions (up to 30 s on a busy machine)
                boolean joining = consumer.assignment().isEmpty() && System.nanoTime() - start < 30_000_000_000L;
                if (!records.isEmpty() || joining) {
                    lastNews = System.nanoTime();
                }
            }
            System.out.printf("No new record for %d s: stopping (%d read).%n", quiet.toSeconds(), read.size());
        } // close(): commits the offsets read (enable.auto.commit, the default) and leaves the group at once
        return read;
    }
}
