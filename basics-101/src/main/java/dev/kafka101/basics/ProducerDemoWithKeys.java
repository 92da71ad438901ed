package dev.kafka101.basics;

import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Records with a key: the same key always goes to the same partition, {@code toPositive(murmur2(key)) % partitions},
 * round after round (as long as the partition count does not change).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.ProducerDemoWithKeys}
 * (or Run in the IDE).
 * Proven by {@code ProducerDemoWithKeysTest#sameKeyAlwaysLandsInTheMurmur2Partition}.
 */
public final class ProducerDemoWithKeys {
    public static final String TOPIC = DemoTopics.DEMO_JAVA_KEYS.name();

    private ProducerDemoWithKeys() {}

    /** Where one keyed record landed. */
    public record Placement(int round, String key, int partition, long offset) {}

    public static void main(String[] args) {
        DemoMain.run("ProducerDemoWithKeys", args, kafka -> {
            int partitions = DemoTopics.DEMO_JAVA_KEYS.ensure(kafka.clientProperties());
            send(kafka, TOPIC, partitions, 10, 3);
        });
    }

    /** Sends keys {@code id_0 .. id_(keys-1)}, {@code rounds} times, and returns where every record landed. */
    public static List<Placement> send(KafkaConnection kafka, String topic, int partitions, int keys, int rounds) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // key "id_3" -> its UTF-8 bytes, which the partitioner hashes; values are text
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // names this client in broker logs and metrics
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "producer-demo-with-keys");
        // No partitioner.class: for a record WITH a key the built-in partitioner hashes the key bytes (murmur2).

        List<Placement> placements = Collections.synchronizedList(new ArrayList<>());
        try (CtrlC ctrlC = CtrlC.watch("ProducerDemoWithKeys");
                KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int round = 1; round <= rounds && !ctrlC.stopRequested(); round++) {
                System.out.printf("-- round %d%n", round);
                for (int k = 0; k < keys; k++) {
                    String key = "id_" + k;
                    int r = round;
                    int expected = murmur2Partition(key, partitions);
                    producer.send(new ProducerRecord<>(topic, key, "hello world " + k + " round " + round), (m, e) -> {
                        if (e != null) {
                            System.out.printf("FAILED key %s: %s%n", key, e.getMessage());
                            return;
                        }
                        System.out.printf(
                                "key %-5s -> partition %d, offset %-4d (murmur2: %d)%n",
                                key, m.partition(), m.offset(), expected);
                        placements.add(new Placement(r, key, m.partition(), m.offset()));
                    });
                }
                // end the round: the next round starts new batches, and keys still don't move
                producer.flush();
            }
        }
        return List.copyOf(placements);
    }

    /** The built-in partitioner's choice for a key, written out: positive murmur2 of the key bytes, mod partitions. */
    static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
