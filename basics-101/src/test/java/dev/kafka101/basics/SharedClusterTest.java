package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.FreePorts;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.LocalKafkaCluster;
import dev.kafka101.local.SharedCluster;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Demos started as separate JVMs with no connection flags share one background cluster, as a learner running them
 * from the IDE does. Every JVM here is real; each test has its own state folder and free ports, so no test touches a
 * learner's cluster ({@code ~/.kafka-101-lab}, port 9092) or another test's.
 */
@Execution(
        ExecutionMode.CONCURRENT) // each test has its own state folder, ports and cluster JVM: they wait side by side
class SharedClusterTest {
    private static final Pattern CLUSTER_PID = Pattern.compile("Kafka: (\\S+) — shared local cluster \\(pid (\\d+)");
    private static final Pattern OWNS = Pattern.compile("owns (\\[[0-9, ]*\\])");
    private static final Duration JVM_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path root;

    private static long ourProcessesBefore;
    private final List<Path> homes = new ArrayList<>();

    @BeforeAll
    static void countOurProcesses() {
        ourProcessesBefore = ourClusterProcesses();
    }

    /** Every test stops the clusters it started, even when it fails. */
    @AfterEach
    void stopSharedClusters() {
        for (Path home : homes) {
            SharedCluster.running(home).flatMap(n -> ProcessHandle.of(n.pid())).ifPresent(p -> {
                p.destroyForcibly();
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    @AfterAll
    static void noClusterProcessOfOursIsLeft() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ourClusterProcesses())
                        .as("cluster JVMs of this test class still running")
                        .isEqualTo(ourProcessesBefore));
    }

    @Test
    @Tag("claim")
    void demoJvmsStartedTogetherShareOneBackgroundClusterThatOutlivesThemCtrlCAndASigkillKeepsTheGroupsOffsets()
            throws Exception {
        Map<String, String> env = env(newHome("share"), FreePorts.consecutive(2), "5m");
        long clusterPid;
        // two producer JVMs at the same moment: one starts the cluster, the other waits on the lock and finds it
        try (JavaProcess p1 = JavaProcess.start(ProducerDemo.class, env, jvm());
                JavaProcess p2 = JavaProcess.start(ProducerDemo.class, env, jvm())) {
            assertThat(p1.waitFor(JVM_TIMEOUT)).as(p1.stderr()).isZero();
            assertThat(p2.waitFor(JVM_TIMEOUT)).as(p2.stderr()).isZero();
            clusterPid = clusterPid(p1.stdout());
            assertThat(clusterPid(p2.stdout()))
                    .as("the same cluster in both demos")
                    .isEqualTo(clusterPid);
            assertThat(p1.stdout() + p2.stdout()).containsOnlyOnce("started now");
            // the cluster's JVM runs with the demo's class path, which holds lab-console: the console starts too
            assertThat(p1.stdout()).contains("— console http://127.0.0.1:");
        }
        assertThat(ProcessHandle.of(clusterPid).map(ProcessHandle::isAlive))
                .as("the cluster outlives the demos")
                .contains(true);

        // a consumer JVM started afterwards reads what both producers sent
        try (JavaProcess consumer = JavaProcess.start(ConsumerDemo.class, env, jvm())) {
            assertThat(consumer.waitFor(JVM_TIMEOUT)).as(consumer.stderr()).isZero();
            assertThat(clusterPid(consumer.stdout())).isEqualTo(clusterPid);
            assertThat(consumer.stdout()).contains("(10 read)");
        }

        // Ctrl-C in the demo's terminal: SIGINT to its whole process group ends the demo, not the cluster
        try (JavaProcess follower = JavaProcess.startInOwnGroup(
                ConsumerDemoWithShutdown.class, env, jvm(), "--topic", ProducerDemo.TOPIC, "--group", "ctrl-c-group")) {
            await().atMost(JVM_TIMEOUT).until(() -> follower.stdout().contains("Ctrl-C (or kill PID) to stop"));
            follower.interruptGroup();
            follower.waitFor(Duration.ofSeconds(30));
            assertThat(follower.stdout()).contains("Closed cleanly");
        }
        assertThat(brokersAnswering(env))
                .as("brokers still answering after the demo's Ctrl-C")
                .isEqualTo(1);

        // SIGKILL the cluster: the next demo finds a stale note, starts a new cluster on the same data
        ProcessHandle.of(clusterPid).orElseThrow().destroyForcibly();
        ProcessHandle.of(clusterPid)
                .ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        long newPid;
        try (JavaProcess producer = JavaProcess.start(ProducerDemo.class, env, jvm())) {
            assertThat(producer.waitFor(JVM_TIMEOUT)).as(producer.stderr()).isZero();
            newPid = clusterPid(producer.stdout());
            assertThat(newPid).isNotEqualTo(clusterPid);
            assertThat(producer.stdout()).contains("started now");
        }
        try (JavaProcess consumer = JavaProcess.start(ConsumerDemo.class, env, jvm())) {
            assertThat(consumer.waitFor(JVM_TIMEOUT)).as(consumer.stderr()).isZero();
            // the group's committed offsets survived: only the 5 new records, not all 15
            assertThat(consumer.stdout()).contains("(5 read)");
        }

        // --stop: one line, the process gone, the note gone
        try (JavaProcess stop = JavaProcess.start(LocalKafkaCluster.class, env, jvm(), "--stop")) {
            assertThat(stop.waitFor(JVM_TIMEOUT)).as(stop.stderr()).isZero();
            assertThat(stop.stdout().strip())
                    .startsWith("Stopped the shared cluster (pid " + newPid + ")")
                    .doesNotContain("\n");
        }
        assertThat(ProcessHandle.of(newPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(Path.of(env.get(SharedCluster.ENV_HOME), "cluster.properties"))
                .doesNotExist();
    }

    @Test
    @Tag("claim")
    void twoConsumerGroupDemoJvmsSplitThePartitionsAndTheFirstOwnsAllAgainWhenTheSecondIsStopped() throws Exception {
        Map<String, String> env = env(newHome("group"), FreePorts.consecutive(2), "5m");
        try (JavaProcess feed = JavaProcess.start(SteadyProducerDemo.class, env, jvm(), "--rate", "20")) {
            await().atMost(JVM_TIMEOUT).until(() -> feed.stdout().contains("Sending"));
            try (JavaProcess first = JavaProcess.start(ConsumerGroupDemo.class, env, jvm());
                    JavaProcess second = JavaProcess.start(ConsumerGroupDemo.class, env, jvm())) {
                // the two JVMs' members split the 6 partitions between them, each owning some
                await().atMost(JVM_TIMEOUT).untilAsserted(() -> {
                    Set<Integer> a = lastOwned(first.stdout());
                    Set<Integer> b = lastOwned(second.stdout());
                    assertThat(a).isNotEmpty();
                    assertThat(b).isNotEmpty().doesNotContainAnyElementsOf(a);
                    assertThat(union(a, b)).containsExactly(0, 1, 2, 3, 4, 5);
                });
                assertThat(clusterPid(first.stdout())).isEqualTo(clusterPid(second.stdout()));
                second.terminate(); // SIGTERM: the member leaves the group, the first takes everything back
                second.waitFor(Duration.ofSeconds(30)); // 143: a JVM ended by SIGTERM says so, even after a clean close
                assertThat(second.stdout()).contains("closed after processing");
                await().atMost(JVM_TIMEOUT)
                        .untilAsserted(
                                () -> assertThat(lastOwned(first.stdout())).containsExactly(0, 1, 2, 3, 4, 5));
            }
        }
    }

    @Test
    @Tag("claim")
    void withItsPortTakenByAnotherProgramTheClusterUsesFreePortsDemosFindItAndWhenIdleItStopsByItself()
            throws Exception {
        int[] ports = FreePorts.consecutive(2);
        Path home = newHome("foreign");
        Map<String, String> env =
                env(home, ports, "10s"); // long enough to outlast the gap between two demo JVMs on a busy machine
        try (ServerSocket foreign = new ServerSocket(ports[0], 50, InetAddress.getByName("127.0.0.1"))) {
            try (JavaProcess producer = JavaProcess.start(ProducerDemo.class, env, jvm())) {
                assertThat(producer.waitFor(JVM_TIMEOUT)).as(producer.stderr()).isZero();
                assertThat(producer.stdout())
                        .containsOnlyOnce("127.0.0.1:" + ports[0] + " is taken by another program");
                assertThat(bootstrapOf(producer.stdout())).isNotEqualTo("127.0.0.1:" + ports[0]);
            }
            long clusterPid;
            try (JavaProcess consumer = JavaProcess.start(ConsumerDemo.class, env, jvm())) {
                assertThat(consumer.waitFor(JVM_TIMEOUT)).as(consumer.stderr()).isZero();
                assertThat(bootstrapOf(consumer.stdout())).isNotEqualTo("127.0.0.1:" + ports[0]);
                assertThat(consumer.stdout()).contains("(5 read)");
                clusterPid = clusterPid(consumer.stdout());
            }
            assertThat(foreign.isBound()).isTrue(); // the foreign program kept its port, and nobody wrote to it
            // nobody connected now: the cluster stops itself after 10 s, removes its note and leaves no process
            Optional<ProcessHandle> cluster = ProcessHandle.of(clusterPid);
            if (cluster.isPresent()) {
                cluster.get().onExit().get(JVM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(home.resolve("cluster.properties")).doesNotExist();
            assertThat(Files.readString(home.resolve("cluster.log"))).contains("No client for 10 s: stopping.");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Path newHome(String name) {
        Path home = root.resolve(name);
        homes.add(home);
        return home;
    }

    /** The child JVMs' environment: no connection settings, this test's state folder and ports, no 8080. */
    private static Map<String, String> env(Path home, int[] ports, String idleTimeout) {
        return Map.of(
                SharedCluster.ENV_HOME,
                home.toString(),
                SharedCluster.ENV_PORT,
                String.valueOf(ports[0]),
                SharedCluster.ENV_EMBEDDED,
                "false", // surefire sets true for every other test
                SharedCluster.ENV_CONSOLE_PORT,
                "0",
                SharedCluster.ENV_IDLE_TIMEOUT,
                idleTimeout); // a cluster a failed test leaves stops soon anyway
    }

    private static List<String> jvm() {
        return List.of("-Xmx256m", "-Dkafka101.reach.timeout.ms=30000");
    }

    private static String bootstrapOf(String stdout) {
        Matcher m = CLUSTER_PID.matcher(stdout);
        assertThat(m.find())
                .as("a 'Kafka: ... shared local cluster (pid N' line in:\n" + stdout)
                .isTrue();
        return m.group(1);
    }

    private static long clusterPid(String stdout) {
        Matcher m = CLUSTER_PID.matcher(stdout);
        assertThat(m.find())
                .as("a 'Kafka: ... shared local cluster (pid N' line in:\n" + stdout)
                .isTrue();
        return Long.parseLong(m.group(2));
    }

    private static Set<Integer> lastOwned(String stdout) {
        Matcher m = OWNS.matcher(stdout);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        Set<Integer> owned = new TreeSet<>();
        if (last != null && last.length() > 2) {
            for (String p : last.substring(1, last.length() - 1).split(",")) {
                owned.add(Integer.parseInt(p.trim()));
            }
        }
        return owned;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static int brokersAnswering(Map<String, String> env) throws Exception {
        SharedCluster.Note note =
                SharedCluster.running(Path.of(env.get(SharedCluster.ENV_HOME))).orElseThrow();
        Properties p = new Properties();
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, note.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
    }

    /** Cluster JVMs started with a state folder under this class's temp folder. */
    private static long ourClusterProcesses() {
        String marker = "-D" + SharedCluster.PROPERTY_HOME + "=" + root;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .count();
    }
}
