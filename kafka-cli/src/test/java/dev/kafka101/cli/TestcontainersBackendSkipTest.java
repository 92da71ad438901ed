package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * {@code -Dkafka.backend=testcontainers} on a machine without Docker: an {@link EmbeddedKafka} test class is skipped
 * (aborted by an assumption, not failed) with one clear line, and none of its tests runs.
 */
class TestcontainersBackendSkipTest {

    @Test
    void withoutDockerTheTestcontainersBackendSkipsTheTestClassWithOneClearLine() {
        assumeTrue(
                System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock")),
                "a Docker engine is visible here: the Testcontainers backend would really run");
        List<String> aborted = new CopyOnWriteArrayList<>();
        List<String> failed = new CopyOnWriteArrayList<>();
        AtomicInteger testsStarted = new AtomicInteger();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                if (id.isTest()) {
                    testsStarted.incrementAndGet();
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                String message =
                        result.getThrowable().map(Throwable::getMessage).orElse("");
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    aborted.add(message);
                } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed.add(id.getDisplayName() + ": " + message);
                }
            }
        };

        String previous = System.getProperty("kafka.backend");
        System.setProperty("kafka.backend", "testcontainers");
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(
                    LauncherDiscoveryRequestBuilder.request()
                            .selectors(selectClass(ThreeBrokerLesson.class))
                            .build(),
                    listener);
        } finally {
            if (previous == null) {
                System.clearProperty("kafka.backend");
            } else {
                System.setProperty("kafka.backend", previous);
            }
        }

        System.out.println("skipped with: " + aborted);
        assertThat(failed).isEmpty();
        assertThat(testsStarted).hasValue(0);
        assertThat(aborted)
                .singleElement()
                .satisfies(m -> assertThat(m)
                        .startsWith("kafka.backend=testcontainers: Docker not available")
                        .contains("run without -Dkafka.backend for the embedded cluster")
                        .doesNotContain("\n"));
    }

    /** Stands for any claim test of a replica lesson. Not a test of its own (no Test suffix: surefire skips it). */
    @EmbeddedKafka(brokers = 3)
    static class ThreeBrokerLesson {
        @Test
        void wouldNeedThreeBrokers(KafkaTestCluster kafka) {
            throw new AssertionError("must not run without Docker");
        }
    }
}
