package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kafka-precheck.sh, run by every bin/ script before it starts a JVM: a {@code --bootstrap-server} where nothing
 * answers, or a broker whose listener port is taken, is one line and exit 2 within about 2 s, not a minute of WARN
 * lines (kafka-topics.sh) or "Address already in use" inside hundreds of log lines (kafka-server-start.sh).
 */
class BinPrecheckTest {

    private final Path root = RepoRoot.find();

    record Run(int exitCode, String stdout, String stderr, long millis) {}

    @Test
    void kafkaTopicsWithNothingAtTheBootstrapServerFailsFastInOneLine() throws Exception {
        int closed = closedPort();
        // a refused port, a name that never resolves, an address that is never routed (TEST-NET-1: the 2 s cap)
        String servers = "127.0.0.1:" + closed + ",kafka.kafka101-lab.invalid:9092,192.0.2.1:9092";
        Run r = run("bin/kafka-topics.sh", "--bootstrap-server", servers, "--list");
        System.out.printf(
                "kafka-topics.sh --bootstrap-server %s --list: exit %d after %d ms: %s",
                servers, r.exitCode(), r.millis(), r.stderr());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr().lines().toList())
                .singleElement()
                .asString()
                .startsWith("error: nothing answers at " + servers + " (--bootstrap-server): is Kafka running there?");
    }

    @Test
    void theEqualsSpellingIsCheckedToo() throws Exception {
        int closed = closedPort();
        Run r = run("bin/kafka-consumer-groups.sh", "--bootstrap-server=localhost:" + closed, "--list");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr().lines().toList())
                .singleElement()
                .asString()
                .startsWith("error: nothing answers at localhost:" + closed + " (--bootstrap-server)");
    }

    @Test
    void aBootstrapListWithOneListeningServerPassesThePrecheckSilently() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String servers = "127.0.0.1:" + closedPort() + ",localhost:" + listening.getLocalPort();
            Run r = run(
                    "bin/kafka-precheck.sh",
                    "org.apache.kafka.tools.TopicCommand",
                    "--bootstrap-server",
                    servers,
                    "--list");
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stdout() + r.stderr()).isEmpty();
        }
    }

    /** docs/kraft.md's broker and a LocalKafkaCluster use the same ports: the second one says so in one line. */
    @Test
    void kafkaServerStartWithAListenerPortInUseSaysWhatHoldsItInOneLine(@TempDir Path tmp) throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = holder.getLocalPort();
            int free = closedPort();
            Properties config = new Properties();
            try (InputStream in = Files.newInputStream(root.resolve("config/server.properties"))) {
                config.load(in);
            }
            for (String key : List.of("listeners", "advertised.listeners", "controller.quorum.bootstrap.servers")) {
                config.setProperty(
                        key,
                        config.getProperty(key).replace(":9092", ":" + free).replace(":9093", ":" + taken));
            }
            config.setProperty("log.dirs", tmp.resolve("logs").toString());
            Path file = tmp.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                config.store(out, "config/server.properties, its controller port taken");
            }

            Run r = run("bin/kafka-server-start.sh", file.toString());
            System.out.printf(
                    "kafka-server-start.sh with port %d taken: exit %d after %d ms: %s",
                    taken, r.exitCode(), r.millis(), r.stderr());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("error: port " + taken + " (listeners=PLAINTEXT://:" + free + ",CONTROLLER://:" + taken
                            + " in " + file + ") is already in use")
                    .contains("docs/kraft.md");
            if (r.stderr().contains(" by pid ")) { // lsof or ss could name the holder: this test's JVM
                assertThat(r.stderr())
                        .contains("by pid " + ProcessHandle.current().pid() + " (java)")
                        .contains("kill " + ProcessHandle.current().pid());
            }
            assertThat(tmp.resolve("logs")).doesNotExist();
        }
    }

    /** kafka-run-class.sh gives the JVMs of bin/ the flags JavaProcess gives its children (JvmFlags), for this JDK. */
    @Test
    void binScriptsPassTheSameQuietJdkFlagsAsJavaProcess() throws Exception {
        Run r = run(
                "bin/kafka-jvm-flags.sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        System.out.printf(
                "JDK %d: bin/kafka-jvm-flags.sh -> %s", Runtime.version().feature(), r.stdout());
        assertThat(r.exitCode()).isZero();
        assertThat(List.of(r.stdout().strip().split(" "))).isEqualTo(dev.kafka101.local.JvmFlags.quietWarnings());
    }

    /** Runs a bin/ script with bash; waits at most 10 s (a hang guard: the checks give up after 2 s). */
    private Run run(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd)
                .directory(root.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        // the outputs are one line at most: the pipes cannot fill up before the process ends
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(script + " still running after 10 s: the pre-check did not answer");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Run(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
                ms);
    }

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
