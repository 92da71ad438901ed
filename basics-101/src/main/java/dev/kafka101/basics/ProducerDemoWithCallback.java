package dev.kafka101.basics;

import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * send() with a callback: when the broker acknowledges a record, the producer's I/O thread calls back with the
 * topic, partition, offset and timestamp the record got (or the exception that made it fail).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.ProducerDemoWithCallback}
 * (or Run in the IDE).
 * Proven by {@code ProducerDemoWithCallbackTest#everyCallbackFiresWithTheMetadataAConsumerReadsBack}.
 */
public final class ProducerDemoWithCallback {
    public static final String TOPIC = DemoTopics.DEMO_JAVA.name();

    private ProducerDemoWithCallback() {}

    /** What a callback received for the record with value {@code value}. */
    public record Acknowledged(String value, RecordMetadata metadata) {}

    public static void main(String[] args) {
        DemoMain.run("ProducerDemoWithCallback", args, kafka -> {
            DemoTopics.DEMO_JAVA.ensure(kafka.clientProperties());
            send(kafka, TOPIC, 10);
        });
    }

    /** Sends {@code count} records "hello world i" and returns what each callback received, in callback order. */
    public static List<Acknowledged> send(KafkaConnection kafka, String topic, int count) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys and values are text
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // names this client in broker logs and metrics
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "producer-demo-with-callback");

        List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        try (CtrlC ctrlC = CtrlC.watch("ProducerDemoWithCallback");
                KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count && !ctrlC.stopRequested(); i++) {
                String value = "hello world " + i;
                // The callback runs on the producer's I/O thread once the broker answered: keep it short.
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    if (exception != null) {
                        System.out.printf("FAILED '%s': %s%n", value, exception.getMessage());
                        return;
                    }
                    System.out.printf(
                            "'%s' -> topic %s, partition %d, offset %d, timestamp %d (%s)%n",
                            value,
                            metadata.topic(),
                            metadata.partition(),
                            metadata.offset(),
                            metadata.timestamp(),
                            Instant.ofEpochMilli(metadata.timestamp()));
                    acknowledged.add(new Acknowledged(value, metadata));
                });
            }
            // wait for every callback: all records acknowledged (or failed)
            producer.flush();
        } // close(): flushes again (nothing left) and frees the producer's thread, sockets and buffer memory
        return List.copyOf(acknowledged);
    }
}
