package dev.kafka101.basics;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.Exit;
import dev.kafka101.local.KafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * send() with a callback: when the broker acknowledges a record, the producer's I/O thread calls back with the
 * topic, partition, offset and timestamp the record got (or the exception that made it fail).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ProducerDemoWithCallback}.
 * Proven by {@code ProducerDemoWithCallbackTest#everyCallbackFiresWithTheMetadataAConsumerReadsBack}.
 */
public final class ProducerDemoWithCallback {
    public static final String TOPIC = DemoTopics.DEMO_JAVA.name();

    private ProducerDemoWithCallback() {
    }

    /** What a callback received for the record with value {@code value}. */
    public record Acknowledged(String value, RecordMetadata metadata) {
    }

    public static void main(String[] args) {
        try (KafkaConnection kafka = KafkaConnection.open("ProducerDemoWithCallback", args)) {
            DemoTopics.DEMO_JAVA.ensure(kafka.clientProperties());
            send(kafka.clientProperties(), TOPIC, 10);
        } catch (BadInputException e) {
            throw Exit.fail(e.getMessage());
        }
    }

    /** Sends {@code count} records "hello world i" and returns what each callback received, in callback order. */
    public static List<Acknowledged> send(Properties connection, String topic, int count) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());   // keys are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // values are text
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "producer-demo-with-callback"); // names it in logs and metrics

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
                    System.out.printf("'%s' -> topic %s, partition %d, offset %d, timestamp %d (%s)%n", value,
                            metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp(),
                            Instant.ofEpochMilli(metadata.timestamp()));
                    acknowledged.add(new Acknowledged(value, metadata));
                });
            }
            producer.flush(); // wait for every callback: all records acknowledged (or failed)
        } // close(): flushes again (nothing left) and frees the producer's thread, sockets and buffer memory
        return List.copyOf(acknowledged);
    }
}
