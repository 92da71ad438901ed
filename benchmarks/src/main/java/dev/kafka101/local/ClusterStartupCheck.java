package dev.kafka101.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures the embedded cluster: time to started, time to the first {@code acks=all} acknowledgement on a topic
 * replicated over every broker, and this JVM's resident memory (RSS) while it runs.
 * Run: {@code ./mvnw -q -pl benchmarks -am compile exec:java -Dexec.mainClass=dev.kafka101.local.ClusterStartupCheck -Dexec.args="--brokers 3"}
 * (a fresh JVM per run gives honest figures). Prints one machine-readable line starting with {@code RESULT}, and one
 * starting with {@code PHASES}: when each start-up phase ended, in ms since main() began ({@code jvm_to_main}: how
 * long the JVM took to reach main()).
 */
public final class ClusterStartupCheck {
    private ClusterStartupCheck() {}

    public static void main(String[] args) {
        DemoMain.runTool(CommandLine.spec("ClusterStartupCheck"), args, ClusterStartupCheck::check);
    }

    private static void check(CommandLine cli) throws Exception {
        long t0 = System.nanoTime();
        // the process's start time from the OS (10 ms resolution): JVM boot and loading this class
        long jvmToMain = ProcessHandle.current()
                .info()
                .startInstant()
                .map(i -> java.time.Duration.between(i, java.time.Instant.now()).toMillis())
                .orElse(-1L);
        int brokers = cli.intValue(CommandLine.BROKERS, 1, 1, 9);
        EmbeddedKafkaCluster built = EmbeddedKafkaCluster.builder()
                .brokers(brokers)
                .watchStartupPhases()
                .build();
        long beforeStart = (System.nanoTime() - t0) / 1_000_000;
        try (EmbeddedKafkaCluster cluster = built.start()) {
            long started = System.nanoTime();
            Map<String, Object> common = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            try (Admin admin = Admin.create(common)) {
                admin.createTopics(List.of(new NewTopic("startup-check", 1, (short) brokers)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            long topicCreated = System.nanoTime();
            Map<String, Object> p = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                producer.send(new ProducerRecord<>("startup-check", "first")).get(30, TimeUnit.SECONDS);
            }
            long firstAck = System.nanoTime();
            System.gc();
            long rssKb = rssKb();
            System.out.printf(
                    "%d broker%s: started in %d ms, first acks=all acknowledged after %d ms, JVM RSS %d MB%n",
                    brokers,
                    brokers == 1 ? "" : "s",
                    (started - t0) / 1_000_000,
                    (firstAck - t0) / 1_000_000,
                    rssKb / 1024);
            System.out.printf(
                    "RESULT brokers=%d start_ms=%d first_ack_ms=%d rss_mb=%d%n",
                    brokers, (started - t0) / 1_000_000, (firstAck - t0) / 1_000_000, rssKb / 1024);
            StringBuilder phases =
                    new StringBuilder("PHASES jvm_to_main=" + jvmToMain + " cluster_built=" + beforeStart);
            cluster.startupPhases()
                    .millis()
                    .forEach((phase, ms) -> phases.append(' ')
                            .append(phase.replaceAll("[^A-Za-z0-9-]+", "_"))
                            .append('=')
                            .append(beforeStart + ms));
            phases.append(" topic_created=")
                    .append((topicCreated - t0) / 1_000_000)
                    .append(" first_ack=")
                    .append((firstAck - t0) / 1_000_000);
            System.out.println(phases);
        }
    }

    /** Resident set size of this process from /proc (Linux); -1 elsewhere. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
