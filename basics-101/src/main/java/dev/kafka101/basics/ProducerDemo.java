package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The notes' four producer steps: create the properties, create the producer, send data, flush and close.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ProducerDemo}.
 * Proven by {@code ProducerConsumerDemoTest#whatTheProducerSendsTheConsumerReads}.
 */
public final class ProducerDemo {
    public static final String TOPIC = DemoTopics.DEMO_JAVA.name();

    private ProducerDemo() {}

    public static void main(String[] args) {
        CommandLine spec =
                CommandLine.spec("ProducerDemo").withValue("--topic", "topic to write to (default " + TOPIC + ")");
        DemoMain.run(spec, args, kafka -> {
            String topic = kafka.commandLine().value("--topic", TOPIC);
            Topics.ensure(kafka.clientProperties(), topic, DemoTopics.DEMO_JAVA.partitions(), 1);
            send(kafka, topic, 5);
        });
    }

    /** Sends {@code count} records "hello world i" to {@code topic} and prints where each one landed. */
    public static List<RecordMetadata> send(KafkaConnection kafka, String topic, int count)
            throws InterruptedException, ExecutionException {
        // 1. Producer properties.
        Properties props = new Properties();
        // where Kafka is: any broker of the cluster; the producer learns the others from it
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        // how to log in (security.protocol, SASL, SSL) when --command-config gave any; none for the local cluster
        props.putAll(kafka.securitySettings());
        // keys and values are text: how to turn them into bytes
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // names this client in broker logs and metrics
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "producer-demo");

        // 2. Create the producer.
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            // 3. Send data. send() is asynchronous: it only puts the record in the producer's buffer and returns.
            for (int i = 0; i < count; i++) {
                pending.add(producer.send(new ProducerRecord<>(topic, "hello world " + i)));
            }
            // 4a. Flush: block until every buffered record has been sent and acknowledged by the broker.
            producer.flush();
        } // 4b. close() (by try-with-resources) flushes too, then frees the producer's thread, sockets and memory.

        List<RecordMetadata> sent = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            // already complete: flush() waited for it
            RecordMetadata m = pending.get(i).get();
            System.out.printf(
                    "sent 'hello world %d' -> topic %s, partition %d, offset %d%n",
                    i, m.topic(), m.partition(), m.offset());
            sent.add(m);
        }
        return sent;
    }
}
