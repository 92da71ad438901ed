package dev.kafka101.local.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.opentest4j.TestAbortedException;

/**
 * {@code -Dkafka.backend=testcontainers}: the same {@link EmbeddedKafka} tests on Docker containers of the official
 * {@code apache/kafka} image (one node, or a 3-node KRaft cluster on a shared network), instead of the embedded
 * cluster. Without Docker (or without Testcontainers on the test class path) every such test class is skipped with
 * one clear line; it never fails the build. This class touches no Testcontainers type, so it loads without them;
 * {@link TestcontainersCluster} holds the container code.
 *
 * <p>A module that wants this backend adds {@code org.testcontainers:testcontainers-kafka} in test scope
 * (kafka-local-test declares it optional, so no class path carries it unless asked). Tests that stop brokers are
 * skipped on this backend.
 */
final class TestcontainersBackend {
    static final String BACKEND_PROPERTY = "kafka.backend";
    static final String TESTCONTAINERS = "testcontainers";

    private static final AtomicBoolean TOLD = new AtomicBoolean();
    private static volatile Optional<String> unavailable;

    private TestcontainersBackend() {}

    /** True with {@code -Dkafka.backend=testcontainers}; the default backend is the embedded cluster. */
    static boolean requested() {
        return TESTCONTAINERS.equalsIgnoreCase(
                System.getProperty(BACKEND_PROPERTY, "embedded").strip());
    }

    /** Skips the calling test class (an assumption, not a failure) when the backend was asked for but cannot run. */
    static void skipIfUnavailable(String testClass) {
        if (!requested()) {
            return;
        }
        Optional<String> reason = unavailableReason();
        if (reason.isPresent()) {
            String line = "kafka.backend=testcontainers: " + reason.get() + " — skipping the Kafka tests"
                    + " (run without -Dkafka.backend for the embedded cluster)";
            if (TOLD.compareAndSet(false, true)) {
                System.err.println(line);
            }
            throw new TestAbortedException(line + ": " + testClass);
        }
    }

    /** Why this backend cannot run here, or empty when it can. Checked once per JVM. */
    static Optional<String> unavailableReason() {
        Optional<String> result = unavailable;
        if (result == null) {
            result = check();
            unavailable = result;
        }
        return result;
    }

    private static Optional<String> check() {
        try {
            Class.forName(
                    "org.testcontainers.kafka.KafkaContainer", false, TestcontainersBackend.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("Testcontainers is not on the test class path"
                    + " (add org.testcontainers:testcontainers-kafka in test scope)");
        }
        if (!dockerEndpointVisible()) {
            return Optional.of(
                    "Docker not available (no DOCKER_HOST, no docker.sock, no ~/.testcontainers.properties)");
        }
        try {
            return TestcontainersCluster.dockerAvailable()
                    ? Optional.empty()
                    : Optional.of("Docker not available (Testcontainers found no working Docker environment)");
        } catch (RuntimeException | LinkageError e) {
            return Optional.of("Docker not available (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** A cheap look for a Docker endpoint before asking Testcontainers (whose own search logs pages of errors). */
    private static boolean dockerEndpointVisible() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        String home = System.getProperty("user.home", "");
        List<Path> candidates = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker", "run", "docker.sock"),
                Path.of(home, ".docker", "desktop", "docker.sock"),
                Path.of(home, ".colima", "default", "docker.sock"),
                Path.of(home, ".rd", "docker.sock"),
                Path.of(home, ".testcontainers.properties")));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        if (runtimeDir != null) {
            candidates.add(Path.of(runtimeDir, "docker.sock"));
        }
        return System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("win")
                || candidates.stream().anyMatch(Files::exists);
    }

    /** Starts the containers: bootstrap servers plus what closes them. */
    static Started start(int brokers) {
        TestcontainersCluster cluster = TestcontainersCluster.start(brokers);
        return new Started(cluster.bootstrapServers(), cluster);
    }

    record Started(String bootstrapServers, AutoCloseable containers) {}
}
