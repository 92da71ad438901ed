package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared local cluster's bad input: one line each, never a hang or a stack trace. */
class SharedClusterBadInputTest {

    @TempDir
    Path dir;

    @Test
    @Tag("claim")
    void aStateFolderThatCannotBeWrittenGivesOneLineAndAPrivateInJvmCluster() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        Map<String, String> env =
                Map.of(SharedCluster.ENV_HOME, file.resolve("home").toString());
        try (KafkaConnection c =
                KafkaConnection.resolve(CommandLine.spec("test").parse(), env, 1)) {
            assertThat(c.embeddedCluster()).isPresent();
            assertThat(c.sharedCluster()).isEmpty();
            assertThat(c.describe())
                    .startsWith("Kafka: " + c.bootstrapServers() + " — private in-JVM cluster")
                    .contains("cannot write the state folder " + file.resolve("home"))
                    .doesNotContain("\n");
        }
    }

    @Test
    @Tag("claim")
    void stopWithNothingRunningSaysSoInOneLineAndExitsZero() {
        Map<String, String> env =
                Map.of(SharedCluster.ENV_HOME, dir.resolve("home").toString());
        try (JavaProcess stop = JavaProcess.start(LocalKafkaCluster.class, env, List.of(), "--stop")) {
            assertThat(stop.waitFor(Duration.ofSeconds(60))).isZero();
            assertThat(stop.stdout().strip())
                    .isEqualTo("No shared cluster runs (no state folder " + dir.resolve("home") + ").");
            assertThat(stop.stderr()).isEmpty();
        }
    }

    @Test
    void localKafkaClusterHelpListsNoConnectionFlags() {
        assertThatThrownBy(() -> CommandLine.bare("LocalKafkaCluster").parse("--bootstrap-server", "h:1"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown argument '--bootstrap-server'");
        assertThat(CommandLine.bare("LocalKafkaCluster").usage())
                .doesNotContain("--bootstrap-server", "--command-config");
    }

    @Test
    void idleTimeoutsReadAsLearnersWriteThem() {
        assertThat(SharedCluster.parseDuration("30m", "x")).isEqualTo(Duration.ofMinutes(30));
        assertThat(SharedCluster.parseDuration("PT30M", "x")).isEqualTo(Duration.ofMinutes(30));
        assertThat(SharedCluster.parseDuration("10s", "x")).isEqualTo(Duration.ofSeconds(10));
        assertThat(SharedCluster.parseDuration("off", "x")).isNull();
        assertThatThrownBy(() -> SharedCluster.parseDuration("soon", "--idle-timeout"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("--idle-timeout must look like 30m, 10s, 2h or PT30M (or off), was 'soon'");
    }
}
