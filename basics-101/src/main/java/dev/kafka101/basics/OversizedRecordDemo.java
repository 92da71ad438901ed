package dev.kafka101.basics;

import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A record larger than {@code max.request.size} fails alone with {@code RecordTooLargeException}; the producer goes
 * on and every other record arrives. Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.OversizedRecordDemo}. Proven by {@code OversizedRecordDemoTest}.
 */
public final class OversizedRecordDemo {
    public static final String TOPIC = "oversized_demo";
    public static final int MAX_REQUEST_SIZE = 1024 * 1024;

    private OversizedRecordDemo() {}

    public static void main(String[] args) {
        DemoMain.run("OversizedRecordDemo", args, kafka -> {
            Topics.ensure(kafka.clientProperties(), TOPIC, 1, 1);
            Result r = send(kafka, TOPIC, 10, 3);
            System.out.printf(
                    "%d sent, %d acknowledged, %d rejected by the producer itself%n",
                    r.sent(), r.acknowledged(), r.errors().size());
        });
    }

    /** What happened to the records. */
    public record Result(int sent, int acknowledged, List<String> errors) {}

    /** Sends {@code count} small records "record i", except record {@code oversized}, which is 2 MB. */
    public static Result send(KafkaConnection kafka, String topic, int count, int oversized) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys and values are text
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // the default (1 MB), written out: no record may be larger
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_SIZE));

        List<String> errors = new ArrayList<>();
        int[] acknowledged = {0};
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) {
                String value = i == oversized ? "x".repeat(2 * MAX_REQUEST_SIZE) : "record " + i;
                int n = i;
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error != null) {
                        // one line, and on with the rest: a too-large record is not retriable, the others are fine
                        String line = String.format(
                                "record %d (%,d bytes): %s: %s",
                                n, value.length(), error.getClass().getSimpleName(), error.getMessage());
                        System.out.println(line);
                        synchronized (errors) {
                            errors.add(line);
                        }
                    } else {
                        synchronized (errors) {
                            acknowledged[0]++;
                        }
                        System.out.printf(
                                "record %d -> partition %d, offset %d%n", n, metadata.partition(), metadata.offset());
                    }
                });
            }
        } // close() flushes: every callback has run when it returns
        synchronized (errors) {
            return new Result(count, acknowledged[0], List.copyOf(errors));
        }
    }
}
