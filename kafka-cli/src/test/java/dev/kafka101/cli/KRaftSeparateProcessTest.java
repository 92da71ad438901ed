package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.FreePorts;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.RepoRoot;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/kraft.md, step by step: {@code kafka-storage.sh random-uuid}, {@code format -t <uuid> -c
 * config/server.properties --standalone}, {@code kafka-server-start.sh config/server.properties} as a separate JVM,
 * one record produced and consumed, SIGTERM, and a clean exit within a bounded wait. The only changes to
 * config/server.properties are free ports and a temporary log.dirs.
 */
class KRaftSeparateProcessTest {

    @Test
    @Tag("claim")
    void formatNeedsStandaloneAndTheKraftNodeServesAsSeparateProcessAndStopsCleanlyOnSigterm(@TempDir Path tmp)
            throws Exception {
        Path root = RepoRoot.find();
        String storageTool = KafkaTool.mainClassOf(root.resolve("bin/kafka-storage.sh"));
        String server = KafkaTool.mainClassOf(root.resolve("bin/kafka-server-start.sh"));
        assertThat(server).isEqualTo(kafka.Kafka.class.getName());

        // 1. bin/kafka-storage.sh random-uuid
        KafkaTool.Result uuid = KafkaTool.run(storageTool, List.of("random-uuid"), "");
        assertThat(uuid.exitCode()).as("%s", uuid).isZero();
        String clusterId = uuid.stdout().strip();
        assertThat(clusterId).matches("[A-Za-z0-9_-]{22}");

        // config/server.properties with free ports and a temp log dir instead of 9092/9093 and /tmp/kraft-combined-logs
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("config/server.properties"))) {
            config.load(in);
        }
        assertThat(config.getProperty("process.roles")).isEqualTo("broker,controller");
        int[] ports = FreePorts.pick(2);
        Path logDir = tmp.resolve("kraft-combined-logs");
        for (String key : List.of("listeners", "advertised.listeners", "controller.quorum.bootstrap.servers")) {
            config.setProperty(
                    key,
                    config.getProperty(key).replace(":9092", ":" + ports[0]).replace(":9093", ":" + ports[1]));
        }
        config.setProperty("log.dirs", logDir.toString());
        Path configFile = tmp.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            config.store(out, "config/server.properties with free ports and a temp log.dirs");
        }

        // 2a. the notes' spelling, without --standalone: refused for a new controller since the dynamic quorums (3.9)
        KafkaTool.Result notesFormat =
                KafkaTool.run(storageTool, List.of("format", "-t", clusterId, "-c", configFile.toString()), "");
        System.out.println("format without --standalone: exit " + notesFormat.exitCode() + ": "
                + notesFormat.stdout().strip() + notesFormat.stderr().strip());
        assertThat(notesFormat.exitCode()).isEqualTo(1);
        assertThat(notesFormat.stdout() + notesFormat.stderr())
                .contains(
                        "you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers");
        assertThat(logDir.resolve("meta.properties")).doesNotExist();

        // 2b. bin/kafka-storage.sh format -t <uuid> -c config/server.properties --standalone
        KafkaTool.Result format = KafkaTool.run(
                storageTool, List.of("format", "-t", clusterId, "-c", configFile.toString(), "--standalone"), "");
        System.out.println("format: " + format.stdout().strip());
        assertThat(format.exitCode()).as("%s", format).isZero();
        assertThat(Files.readString(logDir.resolve("meta.properties"))).contains("cluster.id=" + clusterId);

        // 3. bin/kafka-server-start.sh config/server.properties, in its own JVM
        try (JavaProcess broker = JavaProcess.start(kafka.Kafka.class, List.of("-Xmx384m"), configFile.toString())) {
            String bootstrap = "localhost:" + ports[0];
            String topic = "kraft-hello";
            long t0 = System.nanoTime();
            RecordMetadata sent = produceOne(bootstrap, topic, "hello KRaft");
            long readyMs = (System.nanoTime() - t0) / 1_000_000;
            ConsumerRecord<String, String> read = consumeOne(bootstrap, topic);
            assertThat(read.value()).isEqualTo("hello KRaft");
            assertThat(read.offset()).isEqualTo(sent.offset());

            // 4. Ctrl-C / SIGTERM: a controlled shutdown, then the JVM ends
            long t1 = System.nanoTime();
            broker.terminate();
            int exit = broker.waitFor(Duration.ofSeconds(30));
            long stopMs = (System.nanoTime() - t1) / 1_000_000;
            System.out.printf(
                    "separate broker JVM pid %d: first record acknowledged %d ms after start (%s-%d@%d),"
                            + " read back; SIGTERM -> exit %d after %d ms%n",
                    broker.pid(), readyMs, sent.topic(), sent.partition(), sent.offset(), exit, stopMs);
            assertThat(exit)
                    .as("exit code after SIGTERM (143 = 128 + SIGTERM)\nstderr:\n%s", broker.stderr())
                    .isIn(0, 143);
            assertThat(broker.stderr()).doesNotContain("ERROR");
        }
    }

    private static RecordMetadata produceOne(String bootstrap, String topic, String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // the broker JVM is still starting: wait for metadata (the topic is auto-created) up to a minute
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            return producer.send(new ProducerRecord<>(topic, value)).get(90, TimeUnit.SECONDS);
        }
    }

    private static ConsumerRecord<String, String> consumeOne(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records read back").hasSize(1);
        return records.get(0);
    }
}
