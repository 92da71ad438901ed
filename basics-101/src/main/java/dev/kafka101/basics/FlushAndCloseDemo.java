package dev.kafka101.basics;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Why flush() and close(): send() only buffers; a producer JVM that exits without flush()/close() loses what is still
 * buffered (here: all of it, linger.ms=60000), one that calls close() delivers everything at once, without waiting.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.FlushAndCloseDemo}.
 * Proven by {@code FlushAndCloseDemoTest} (a forgetful and a closing producer, each in a child JVM).
 */
public final class FlushAndCloseDemo {
    public static final String TOPIC = "flush-and-close";
    static final String FORGET = "--forget";
    static final String CLOSE = "--close";

    private FlushAndCloseDemo() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("FlushAndCloseDemo")
                .withSwitch(FORGET, "be the forgetful producer only: send, then exit without flush() or close()")
                .withSwitch(CLOSE, "be the careful producer only: send, then close()")
                .withValue("--records", "records to send (default 10)")
                .withValue("--topic", "topic to write to (default " + TOPIC + ")");
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            int records = cli.intValue("--records", 10, 1, 1_000_000);
            String topic = cli.value("--topic", TOPIC);
            if (cli.isOn(FORGET)) {
                sendAndForget(kafka, topic, records);
                return; // main ends; the producer's I/O thread is a daemon thread, so the JVM ends with it
            }
            if (cli.isOn(CLOSE)) {
                sendAndClose(kafka, topic, records);
                return;
            }
            // The lesson: each producer in a JVM of its own, against this cluster, and count what reached the topic.
            Topics.ensure(kafka.clientProperties(), topic, 1, 1);
            List<String> connection = new ArrayList<>(List.of(CommandLine.BOOTSTRAP_SERVER, kafka.bootstrapServers()));
            cli.value(CommandLine.COMMAND_CONFIG)
                    .ifPresent(f -> connection.addAll(List.of(CommandLine.COMMAND_CONFIG, f)));
            for (String mode : List.of(FORGET, CLOSE)) {
                long before = recordsIn(kafka.clientProperties(), topic);
                int exit = runInChildJvm(mode, records, topic, connection);
                long reached = recordsIn(kafka.clientProperties(), topic) - before;
                System.out.printf(
                        "=> %s producer (exit code %d): %d of %d records reached %s%n%n",
                        mode.equals(FORGET) ? "forgetful" : "closing", exit, reached, records, topic);
            }
        });
    }

    /** The forgetful producer: hands {@code count} records to send() and returns WITHOUT flush() or close(). */
    public static void sendAndForget(KafkaConnection kafka, String topic, int count) {
        KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(kafka, "forgetful-producer"));
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "record " + i)); // only appends to the producer's buffer
        }
        System.out.printf(
                "forgetful producer: %d records handed to send(), now exiting WITHOUT flush() or close()%n", count);
        // No flush(), no close(): the records wait in the buffer for linger.ms (60 s), and the JVM ends first.
    }

    /** The careful producer: same settings, same sends, then close(). Returns how long close() took. */
    public static Duration sendAndClose(KafkaConnection kafka, String topic, int count) {
        long start;
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProperties(kafka, "closing-producer"))) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "record " + i));
            }
            System.out.printf("closing producer: %d records handed to send(), now calling close()%n", count);
            start = System.nanoTime();
        } // close(): sends every buffered batch at once (linger.ms no longer counts), waits for the acks, then frees
        // all
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(
                "closing producer: close() returned after %d ms, not after linger.ms=60000%n", took.toMillis());
        return took;
    }

    /** Both producers use exactly these settings. */
    static Properties producerProperties(KafkaConnection kafka, String clientId) {
        Properties props = new Properties();
        // where Kafka is, and how to log in if --command-config said so
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.putAll(kafka.securitySettings());
        // keys and values are text
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // names it in logs and metrics
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // hold each batch up to 60 s for more records (default 5 ms)
        props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms (30 s), or the producer refuses to start.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        return props;
    }

    /** How many records {@code topic} holds: latest minus earliest offset, summed over its partitions. */
    public static long recordsIn(Properties connection, String topic) {
        try (Admin admin = Admin.create(connection)) {
            List<TopicPartition> partitions = admin
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return sum(admin, partitions, OffsetSpec.latest()) - sum(admin, partitions, OffsetSpec.earliest());
        } catch (ExecutionException | TimeoutException e) {
            throw new BadInputException("cannot count the records in " + topic + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while counting the records in " + topic, e);
        }
    }

    private static long sum(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request =
                partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(request).all().get(15, TimeUnit.SECONDS);
        return offsets.values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
                .sum();
    }

    private static int runInChildJvm(String mode, int records, String topic, List<String> connection) {
        List<String> args = new ArrayList<>(List.of(mode, "--records", String.valueOf(records), "--topic", topic));
        args.addAll(connection);
        System.out.printf("--- starting a producer JVM: FlushAndCloseDemo %s%n", String.join(" ", args));
        try (JavaProcess child = JavaProcess.start(FlushAndCloseDemo.class, args.toArray(String[]::new))) {
            Thread killChild = new Thread(child::kill, "flush-and-close-child-kill"); // Ctrl-C: no orphan producer JVM
            Runtime.getRuntime().addShutdownHook(killChild);
            int exit = child.waitFor(Duration.ofSeconds(90));
            CtrlC.removeHookQuietly(killChild);
            child.stdout().lines().filter(l -> l.contains("producer:")).forEach(l -> System.out.println("    " + l));
            child.stderr().lines().filter(l -> l.startsWith("error:")).forEach(l -> System.out.println("    " + l));
            return exit;
        }
    }
}
