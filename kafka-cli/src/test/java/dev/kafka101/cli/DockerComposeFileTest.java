package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.local.Versions;
import dev.kafka101.local.junit.RepoRoot;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is validated, not run, here (no Docker engine): its syntax by Debian's {@code docker-compose
 * config -q} when that binary is installed, and its Kafka settings by reading the file.
 */
class DockerComposeFileTest {

    private final Path root = RepoRoot.find();

    @Test
    void dockerComposeConfigAcceptsTheFile() throws Exception {
        Path binary = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "docker-compose"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        assumeTrue(
                binary != null, "docker-compose is not installed: syntax not checked (apt-get install docker-compose)");
        Path log = Files.createTempFile("docker-compose-config", ".log");
        Process p = new ProcessBuilder(binary.toString(), "-f", "docker-compose.yml", "config", "-q")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker-compose config did not end in 60 s");
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        System.out.printf("%s -f docker-compose.yml config -q -> exit %d %s%n", binary, p.exitValue(), output.strip());
        assertThat(p.exitValue()).as("docker-compose config -q:\n%s", output).isZero();
    }

    @Test
    void composeClusterHasThreeKraftNodesOnOurKafkaVersionWithMinIsr2AndAPinnedUi() throws Exception {
        String yml = Files.readString(root.resolve("docker-compose.yml"));
        assertThat(yml).contains("image: apache/kafka:" + Versions.kafka());
        assertThat(all(yml, "KAFKA_NODE_ID: \"(\\d+)\"")).containsExactly("1", "2", "3");
        assertThat(all(yml, "EXTERNAL://localhost:(\\d+)\"")).containsExactly("9092", "9093", "9094");
        assertThat(all(yml, "- \"(\\d+):\\d+\"")).doesNotHaveDuplicates().contains("9092", "9093", "9094");
        assertThat(yml)
                .contains(
                        "KAFKA_PROCESS_ROLES: \"broker,controller\"",
                        "KAFKA_CONTROLLER_QUORUM_VOTERS: \"1@kafka-1:19093,2@kafka-2:19093,3@kafka-3:19093\"",
                        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: \"3\"",
                        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: \"3\"",
                        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: \"3\"",
                        "KAFKA_MIN_INSYNC_REPLICAS: \"2\"",
                        "KAFKA_LOG_DIRS:",
                        "KAFKA_CONTROLLER_LISTENER_NAMES:",
                        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:",
                        "KAFKA_INTER_BROKER_LISTENER_NAME:",
                        "CLUSTER_ID:");
        // the shared settings reach every node through the YAML merge key
        assertThat(all(yml, "(<<: \\*kafka-env)")).hasSize(3);
        assertThat(all(yml, "image: (ghcr.io/kafbat/kafka-ui:\\S+)"))
                .singleElement()
                .satisfies(image -> assertThat(image).matches(".*:v\\d+\\.\\d+\\.\\d+"));
    }

    private static List<String> all(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return Stream.iterate(m.find(), found -> found, found -> m.find())
                .map(found -> m.group(1))
                .toList();
    }
}
