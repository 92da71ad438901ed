package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kafka-local is a library: the shared cluster's JVM (LocalKafkaCluster, in lab-console) is not on its own class path.
 * A program without lab-console that needs the shared cluster gets one line naming what is missing, no JVM started.
 */
class SharedClusterWithoutConsoleTest {

    @Test
    void withoutLabConsoleOnTheClassPathStartingTheSharedClusterFailsInOneLineNamingTheModule(@TempDir Path home) {
        Map<String, String> env = Map.of(SharedCluster.ENV_HOME, home.toString(), SharedCluster.ENV_EMBEDDED, "false");

        assertThatThrownBy(() -> SharedCluster.findOrStart(env, 1, SharedClusterWithoutConsoleTest.class))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("dev.kafka101.local.LocalKafkaCluster (module lab-console) is not on")
                .hasMessageContaining("--embedded or --bootstrap-server")
                .hasMessageNotContaining("\n");
        assertThat(Files.exists(SharedCluster.logFile(home)))
                .as("no cluster JVM was started")
                .isFalse();
    }
}
