package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/*.sh run from any folder, as README says: the project root comes from the script's own path, and a relative
 * config file is looked up in the caller's folder first, then in the project root. Real bash, real scripts; where
 * only the arguments handed to java matter, a stand-in {@code java} prints them instead of starting Kafka.
 */
class BinScriptsFromAnyFolderTest {

    private static Path root;
    /** A JAVA_HOME whose bin/java prints its arguments, one per line. */
    private static Path echoJdk;

    record Run(int exitCode, String stdout, String stderr) {
        List<String> lines() {
            return stdout.lines().toList();
        }
    }

    @BeforeAll
    static void setUp(@TempDir Path tmp) throws IOException {
        root = RepoRoot.find();
        echoJdk = tmp.resolve("echo-jdk");
        Path java = Files.createDirectories(echoJdk.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Run run(Path cwd, Map<String, String> env, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Path out = Files.createTempFile("bin-", ".out");
        Path err = Files.createTempFile("bin-", ".err");
        // the test JVM's own class path holds Kafka's tools: no Maven resolution inside a test
        pb.environment().put("KAFKA_CLI_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        Process p = pb.redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " still running after 60 s");
        }
        Run r = new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void kafkaTopicsRunsFromAnotherFolder(@TempDir Path elsewhere) throws Exception {
        Run r = run(elsewhere, Map.of(), root.resolve("bin/kafka-topics.sh").toString(), "--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("4.4.0");
    }

    @Test
    void fromAModuleFolderTheServerAndStorageToolsFindTheProjectsConfig() throws Exception {
        Path module = root.resolve("basics-101");
        String config = root.resolve("config/server.properties").toString();

        Run server = run(
                module,
                Map.of("JAVA_HOME", echoJdk.toString()),
                "../bin/kafka-server-start.sh",
                "config/server.properties");
        Run storage = run(
                module,
                Map.of("JAVA_HOME", echoJdk.toString()),
                "../bin/kafka-storage.sh",
                "format",
                "-t",
                "some-uuid",
                "-c",
                "config/server.properties",
                "--standalone");
        Run storageInline = run(
                module,
                Map.of("JAVA_HOME", echoJdk.toString()),
                "../bin/kafka-storage.sh",
                "info",
                "--config=config/server.properties");

        assertThat(server.exitCode()).as(server.toString()).isZero();
        assertThat(server.lines()).as(server.toString()).containsSequence("kafka.Kafka", config);
        assertThat(storage.lines())
                .as(storage.toString())
                .containsSequence("kafka.tools.StorageTool", "format", "-t", "some-uuid", "-c", config, "--standalone");
        assertThat(storageInline.lines()).as(storageInline.toString()).contains("--config=" + config);
    }

    @Test
    void aConfigFileInTheCallersFolderWinsOverTheProjectsOne(@TempDir Path elsewhere) throws Exception {
        Files.createDirectories(elsewhere.resolve("config"));
        Files.writeString(elsewhere.resolve("config/server.properties"), "node.id=7\n");

        Run server = run(
                elsewhere,
                Map.of("JAVA_HOME", echoJdk.toString()),
                root.resolve("bin/kafka-server-start.sh").toString(),
                "config/server.properties");

        assertThat(server.lines()).as(server.toString()).containsSequence("kafka.Kafka", "config/server.properties");
    }

    @Test
    void aConfigFileFoundNowhereIsOneLineAndExit2(@TempDir Path elsewhere) throws Exception {
        Run server = run(
                elsewhere, Map.of(), root.resolve("bin/kafka-server-start.sh").toString(), "config/no-such.properties");

        assertThat(server.exitCode()).isEqualTo(2);
        assertThat(server.stdout()).isEmpty();
        assertThat(server.stderr().strip())
                .doesNotContain("\n")
                .isEqualTo("error: cannot read config/no-such.properties (looked in " + elsewhere.toRealPath()
                        + ", then in " + root.toRealPath() + ")");
    }
}
