package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EmbeddedKafka
class KafkaConnectionTest {

    @TempDir
    Path dir;

    @Test
    void bootstrapFlagWinsOverEnvironmentAndFile() throws Exception {
        Path file = writeConfig("bootstrap.servers=file-host:9092\nclient.id=from-file\n");
        try (KafkaConnection c = resolve(
                Map.of(KafkaConnection.ENV_BOOTSTRAP, "env-host:9092"),
                "--bootstrap-server",
                "flag-host:9092",
                "--command-config",
                file.toString())) {
            assertThat(c.bootstrapServers()).isEqualTo("flag-host:9092");
            assertThat(c.clientProperties()).containsEntry("client.id", "from-file");
            assertThat(c.describe()).contains("from --bootstrap-server");
        }
    }

    @Test
    void environmentWinsOverFile() throws Exception {
        Path file = writeConfig("bootstrap.servers=file-host:9092\n");
        try (KafkaConnection c =
                resolve(Map.of(KafkaConnection.ENV_BOOTSTRAP, "env-host:9092"), "--command-config", file.toString())) {
            assertThat(c.bootstrapServers()).isEqualTo("env-host:9092");
            assertThat(c.describe()).contains("KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Test
    void fileIsUsedWhenNoFlagOrEnvironment() throws Exception {
        Path file = writeConfig("bootstrap.servers=file-host:9092\n");
        try (KafkaConnection c = resolve(Map.of(), "--command-config", file.toString())) {
            assertThat(c.bootstrapServers()).isEqualTo("file-host:9092");
            assertThat(c.embeddedCluster()).isEmpty();
        }
    }

    @Test
    void secretsFromTheConfigFileAreNeverPrinted() throws Exception {
        Path file = writeConfig("""
                security.protocol=SASL_SSL
                sasl.mechanism=SCRAM-SHA-512
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="learner" password="s3cr3t-pw";
                ssl.truststore.password=trust-me-pw
                """);
        try (KafkaConnection c =
                resolve(Map.of(), "--bootstrap-server", "h:9092", "--command-config", file.toString())) {
            assertThat(c.describe())
                    .contains("SASL_SSL")
                    .contains(Secrets.HIDDEN)
                    .doesNotContain("s3cr3t-pw")
                    .doesNotContain("trust-me-pw")
                    .doesNotContain("ScramLoginModule");
            assertThat(c.clientProperties()).containsEntry("ssl.truststore.password", "trust-me-pw");
        }
    }

    @Test
    void reachableClusterPassesTheCheck(KafkaTestCluster kafka) {
        try (KafkaConnection c = resolve(Map.of(), "--bootstrap-server", kafka.bootstrapServers())) {
            c.checkReachable();
        }
    }

    @Test
    void nothingListeningGivesOneLineConnectionRefusedAtOnce() {
        try (KafkaConnection c = resolve(Map.of(), "--bootstrap-server", "127.0.0.1:1")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(c::checkReachable)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("cannot reach Kafka at 127.0.0.1:1")
                    .hasMessageContaining("connection refused")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("unreachable cluster reported after " + took.toMillis() + " ms");
            assertThat(took).isLessThan(Duration.ofSeconds(15)); // the issue asks for ~15 s at most
        }
    }

    @Test
    void unknownHostGivesOneLineError() {
        try (KafkaConnection c = resolve(Map.of(), "--bootstrap-server", "no-such-host.invalid:9092")) {
            assertThatThrownBy(c::checkReachable)
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("no-such-host.invalid:9092: unknown host")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void badFlagsAreRefusedWithOneLine() {
        assertThatThrownBy(() -> resolve(Map.of(), "--bootstrap-servr", "h:1"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown argument '--bootstrap-servr'");
        assertThatThrownBy(() -> resolve(Map.of(), "--bootstrap-server"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> resolve(Map.of(), "--bootstrap-server", "localhost"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> resolve(Map.of(), "--bootstrap-server", "localhost:99999"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad port");
        assertThatThrownBy(() -> resolve(
                        Map.of(),
                        "--command-config",
                        dir.resolve("missing.properties").toString()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> resolve(Map.of(), "--brokers", "x"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("whole number");
    }

    private static KafkaConnection resolve(Map<String, String> env, String... args) {
        return KafkaConnection.resolve(CommandLine.spec("test").parse(args), env, 1);
    }

    private Path writeConfig(String content) throws Exception {
        Path file = dir.resolve("client-" + System.nanoTime() + ".properties");
        Files.writeString(file, content);
        return file;
    }
}
