package dev.kafka101.local;

import dev.kafka101.local.console.BrokerControl;
import dev.kafka101.local.console.LabConsole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The shared local Apache Kafka cluster (1 or 3 brokers, KRaft, in this JVM) with the lab console: demos started with
 * no connection settings use it, and start it in the background when it is not running. Started by hand it runs in
 * the foreground until Ctrl-C; its data (topics, committed offsets) stays in the state folder between runs.
 *
 * <pre>
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster                                  # 1 broker on 127.0.0.1:9092
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--brokers 3"        # 9092, 9093, 9094 (controller 9095)
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--status"          # what runs, where, idle how long
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--stop"            # stop the shared cluster (data kept)
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--reset"           # stop it and delete its data
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--secure"           # SASL/SCRAM users + ACLs, see docs/security.md
 * </pre>
 *
 * The state folder ({@code $KAFKA101_HOME}, default {@code ~/.kafka-101-lab}) holds its note, data and log: see
 * {@link SharedCluster}. Proven by {@code SharedClusterTest} (basics-101).
 */
public final class LocalKafkaCluster {
    /** {@code --secure}: the learner's client.properties, in the temp folder while the cluster runs. */
    public static final String LEARNER_FILE = SharedCluster.LEARNER_FILE;
    /** {@code --secure}: the admin's client.properties, in the temp folder while the cluster runs. */
    public static final String ADMIN_FILE = SharedCluster.ADMIN_FILE;

    private LocalKafkaCluster() {}

    public static void main(String[] args) {
        CommandLine spec = CommandLine.bare("LocalKafkaCluster")
                .withValue(CommandLine.BROKERS, "number of brokers: 1 (default) or 3")
                .withValue(
                        "--port",
                        "first broker port (default $" + SharedCluster.ENV_PORT + " or 9092; brokers on port, "
                                + "port+1, ..., then the controller; taken: free ports)")
                .withValue("--broker-logs", "log level of Kafka's own classes: warn (default), info, debug")
                .withSwitch(
                        "--secure",
                        "SASL_PLAINTEXT + SCRAM-SHA-512 users admin and learner, ACLs; writes their "
                                + "client.properties files (data not kept)")
                .withSwitch("--console", "start the lab console (the default; kept for old commands)")
                .withSwitch("--no-console", "do not start the lab console web page")
                .withValue(
                        "--console-port",
                        "port of the lab console (default $" + SharedCluster.ENV_CONSOLE_PORT
                                + " or 8080; taken: a free port)")
                .withValue(
                        "--idle-timeout",
                        "stop after this long with no client connected, e.g. 30m, 10s, off " + "(default $"
                                + SharedCluster.ENV_IDLE_TIMEOUT + "; 30m in the background, off in the foreground)")
                .withSwitch("--status", "say what runs: brokers, ports, pid, data folder, idle time, console")
                .withSwitch("--stop", "stop the running shared cluster (its data is kept)")
                .withSwitch("--reset", "stop the shared cluster if it runs, and delete its data")
                .withSwitch(
                        "--background", "run detached, as demos start it (output in the state folder's cluster.log)");
        DemoMain.runTool(spec, args, cli -> {
            Path home = SharedCluster.home(System.getenv());
            if (cli.isOn("--stop")) {
                stop(home);
            } else if (cli.isOn("--status")) {
                status(home);
            } else if (cli.isOn("--reset")) {
                reset(home);
            } else {
                run(cli, home);
            }
        });
    }

    private static void run(CommandLine cli, Path home) throws InterruptedException {
        boolean background = cli.isOn("--background");
        if (background) {
            writeQuietly(
                    home.resolve(SharedCluster.STARTING_FILE),
                    String.valueOf(ProcessHandle.current().pid()));
        }
        if (cli.value("--broker-logs").isPresent()) {
            String level = cli.value("--broker-logs").get();
            if (!level.matches("trace|debug|info|warn|error")) {
                throw new BadInputException(
                        "--broker-logs must be one of trace, debug, info, warn, error; was '" + level + "'");
            }
            // slf4j-simple reads these once, when the first logger is made: so before anything logs.
            System.setProperty("org.slf4j.simpleLogger.log.kafka", level);
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", level);
            System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", level);
        }

        int brokers = cli.intValue(CommandLine.BROKERS, 1, 1, 9);
        boolean fixedPort = cli.value("--port").isPresent();
        int port = fixedPort
                ? cli.intValue("--port", SharedCluster.DEFAULT_PORT, 1024, 65000)
                : envInt(SharedCluster.ENV_PORT, SharedCluster.DEFAULT_PORT, 1024, 65000);
        int consolePort = cli.value("--console-port").isPresent()
                ? cli.intValue("--console-port", LabConsole.DEFAULT_PORT, 0, 65535)
                : envInt(SharedCluster.ENV_CONSOLE_PORT, LabConsole.DEFAULT_PORT, 0, 65535);
        String idle = cli.value("--idle-timeout").orElse(System.getenv(SharedCluster.ENV_IDLE_TIMEOUT));
        Duration idleTimeout = idle != null && !idle.isBlank()
                ? SharedCluster.parseDuration(idle, "--idle-timeout")
                : background ? SharedCluster.DEFAULT_IDLE_TIMEOUT : null;
        boolean secure = cli.isOn("--secure");
        if (secure && idleTimeout != null && background) {
            throw new BadInputException("--secure runs in the foreground only");
        }

        // The foreground holds the lock while it starts (a demo started meanwhile waits, then finds it); the
        // background JVM's parent demo holds it for it.
        SharedCluster.Lock lock = null;
        boolean homeWritable = true;
        if (!background) {
            try {
                lock = SharedCluster.Lock.acquire(home, SharedCluster.START_TIMEOUT);
                if (!Files.isWritable(home)) {
                    throw new java.nio.file.AccessDeniedException(home.toString());
                }
                Optional<SharedCluster.Note> running = SharedCluster.running(home);
                if (running.isPresent() && running.get().brokers() != brokers) {
                    lock.close();
                    throw new BadInputException("the shared cluster already runs with "
                            + running.get().brokers() + " broker"
                            + (running.get().brokers() == 1 ? "" : "s") + " (pid "
                            + running.get().pid() + "): stop it "
                            + "first with LocalKafkaCluster --stop");
                }
                if (running.isPresent()) {
                    lock.close();
                    System.out.println("The shared cluster already runs (pid "
                            + running.get().pid() + ", "
                            + running.get().brokers() + " broker"
                            + (running.get().brokers() == 1 ? "" : "s") + " at "
                            + running.get().bootstrapServers() + "): nothing to start. LocalKafkaCluster --status says "
                            + "more; --stop stops it.");
                    return;
                }
            } catch (IOException | SecurityException e) {
                if (lock != null) {
                    lock.close();
                    lock = null;
                }
                homeWritable = false;
                System.err.println("warning: cannot write the state folder " + home + " (" + e + "): this cluster "
                        + "keeps no data and demos will not find it; set " + SharedCluster.ENV_HOME
                        + " to a writable folder");
            }
        }

        boolean persistent = homeWritable && !secure; // a --secure cluster's users are new each time: no data kept
        String portsNote = null;
        if (!fixedPort && !portsFree(port, brokers + 1)) {
            portsNote = "127.0.0.1:" + port + (brokers > 1 ? ".." + (port + brokers) : "")
                    + " is taken by another program:" + " the shared cluster uses free ports instead";
            System.out.println(portsNote);
            port = 0; // free ports, picked by the cluster
        }

        EmbeddedKafkaCluster cluster;
        try {
            EmbeddedKafkaCluster.Builder builder =
                    EmbeddedKafkaCluster.builder().brokers(brokers).firstPort(port);
            if (secure) {
                builder.secure();
            } else {
                builder.internalListener(); // the console and replication off the client listener: idle = no client
            }
            if (persistent) {
                builder.dataDirectory(SharedCluster.dataDirectory(home, brokers));
                // A bounded size on disk for a cluster that keeps its data (see README "The embedded cluster"):
                // Kafka deletes whole segments, oldest first, once a partition is above 64 MB or older than 48 h.
                builder.brokerConfig("log.retention.bytes", String.valueOf(64L * 1024 * 1024));
                builder.brokerConfig("log.retention.hours", "48");
                // 16 MB segments (default 1 GB): retention can only delete closed segments, so smaller ones keep
                // a partition near its 64 MB instead of up to 1 GB over it
                builder.brokerConfig("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
                builder.brokerConfig("log.retention.check.interval.ms", "60000"); // check every minute, not 5
            }
            cluster = builder.build().start();
        } catch (IllegalStateException e) {
            if (lock != null) {
                lock.close();
            }
            throw new BadInputException(e.getMessage()
                    + (fixedPort
                            ? " (is something else using ports " + port + ".." + (port + brokers) + "?)"
                            : " (see " + SharedCluster.logFile(home) + ")"));
        }
        LabConsole console = null;
        String consoleNote = null;
        if (!cli.isOn("--no-console")) {
            // on a --secure cluster the console logs in as admin: it shows and changes everything
            Properties clientProperties = cluster.clientProperties(ClusterSecurity.ADMIN);
            clientProperties.setProperty("bootstrap.servers", cluster.internalBootstrapServers());
            try {
                console = LabConsole.start(clientProperties, BrokerControl.of(cluster), consolePort);
            } catch (IOException e) {
                try {
                    console = LabConsole.start(clientProperties, BrokerControl.of(cluster), 0);
                    consoleNote =
                            "port " + consolePort + " on 127.0.0.1 is taken: the lab console uses " + console.port();
                    System.out.println(consoleNote);
                } catch (IOException again) {
                    System.err.println("warning: the lab console did not start: " + again.getMessage());
                }
            }
        }
        LabConsole startedConsole = console;
        SharedCluster.Note note = new SharedCluster.Note(
                ProcessHandle.current().pid(),
                cluster.bootstrapServers(),
                brokers,
                cluster.controllerPort(),
                console == null ? null : console.url(),
                persistent ? cluster.dataDirectory() : null,
                Instant.now(),
                cluster.clusterId(),
                secure,
                portsNote,
                idleTimeout,
                Instant.now(),
                background ? SharedCluster.logFile(home) : null);
        boolean noted = homeWritable;
        if (noted) {
            try {
                SharedCluster.writeNote(home, note);
            } catch (IOException e) {
                System.err.println("warning: could not write the note in " + home + ": " + e.getMessage()
                        + " (demos will not find this cluster)");
                noted = false;
            }
        }
        if (lock != null) {
            lock.close();
        }
        boolean deleteNote = noted;
        List<Path> userFiles = cluster.security().isPresent() ? writeUserFiles(cluster) : List.of();

        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopping.countDown();
                            System.out.println();
                            if (startedConsole != null) {
                                startedConsole.close();
                            }
                            System.out.println("Stopping the local cluster...");
                            if (deleteNote) {
                                SharedCluster.deleteOwnNote(home);
                            }
                            userFiles.forEach(LocalKafkaCluster::deleteQuietly);
                            cluster.close();
                            if (background) {
                                SharedCluster.deleteQuietly(home.resolve(SharedCluster.STARTING_FILE));
                            }
                            System.out.println("Stopped."
                                    + (note.dataDirectory() == null
                                            ? ""
                                            : " The data stays in " + note.dataDirectory()
                                                    + " (LocalKafkaCluster --reset deletes it)."));
                            stopped.countDown();
                        },
                        "local-cluster-stop"));

        System.out.printf(
                "%nApache Kafka %s — %d broker%s (KRaft, node 0 is the controller), ready in %.1f s, pid %d%n",
                Versions.kafka(),
                brokers,
                brokers == 1 ? "" : "s",
                cluster.startupTime().toMillis() / 1000.0,
                ProcessHandle.current().pid());
        System.out.println("  bootstrap servers : " + cluster.bootstrapServers());
        System.out.println("  cluster id        : " + cluster.clusterId());
        System.out.println("  data              : " + cluster.dataDirectory()
                + (persistent ? " (kept when it stops; --reset deletes it)" : " (deleted when it stops)"));
        System.out.println("  stops             : " + note.howItEnds());
        System.out.println();
        if (userFiles.isEmpty()) {
            System.out.println(
                    (noted ? "Demos started with no flags use this cluster." : "") + " Or say so explicitly:");
            System.out.println("  --bootstrap-server " + cluster.bootstrapServers());
            System.out.println("  export " + KafkaConnection.ENV_BOOTSTRAP + "=" + cluster.bootstrapServers());
        } else {
            printSecureUsage(cluster, userFiles);
        }
        if (startedConsole != null) {
            LabConsole.printBanner(startedConsole);
        } else {
            System.out.println();
        }
        if (!background) {
            System.out.println("Press Ctrl-C to stop.");
        }
        System.out.flush();
        if (idleTimeout == null || secure) {
            stopped.await();
            return;
        }
        watchIdle(cluster, home, note, idleTimeout, stopping);
    }

    /**
     * Stops the JVM (so the shutdown hook stops the cluster) after {@code timeout} with no client connection on the
     * client listener. The console and the brokers' replication use the internal listener, so they do not count.
     */
    private static void watchIdle(
            EmbeddedKafkaCluster cluster, Path home, SharedCluster.Note note, Duration timeout, CountDownLatch stopping)
            throws InterruptedException {
        long pollMs = Math.max(200, Math.min(5_000, timeout.toMillis() / 5));
        long idleSince = System.nanoTime();
        boolean idle = true;
        while (!stopping.await(pollMs, TimeUnit.MILLISECONDS)) {
            int clients = cluster.clientConnections();
            if (clients > 0) {
                if (idle) {
                    idle = false;
                    rewriteNote(home, note.withIdleSince(null));
                }
                continue;
            }
            if (!idle) {
                idle = true;
                idleSince = System.nanoTime();
                rewriteNote(home, note.withIdleSince(Instant.now()));
            }
            if (System.nanoTime() - idleSince >= timeout.toNanos()) {
                System.out.println("No client for " + SharedCluster.human(timeout) + ": stopping.");
                System.exit(0); // the shutdown hook stops the console, the brokers, then the controller
            }
        }
    }

    private static void rewriteNote(Path home, SharedCluster.Note note) {
        try {
            if (SharedCluster.running(home).map(n -> n.pid() == note.pid()).orElse(false)) {
                SharedCluster.writeNote(home, note);
            }
        } catch (IOException e) {
            // --status shows a stale idle time; nothing else depends on it
        }
    }

    // ------------------------------------------------------------------------------------------ --stop --status
    // --reset

    /** SIGTERM to the running shared cluster, then waits until its process is gone. */
    static void stop(Path home) {
        if (!Files.isDirectory(home)) {
            System.out.println("No shared cluster runs (no state folder " + home + ").");
            return;
        }
        try (SharedCluster.Lock ignored = SharedCluster.Lock.acquire(home, SharedCluster.START_TIMEOUT)) {
            stopLocked(home, true);
        } catch (IOException e) {
            throw new BadInputException("cannot use the state folder " + home + ": " + e.getMessage());
        }
    }

    private static boolean stopLocked(Path home, boolean sayWhenNone) {
        Optional<SharedCluster.Note> note = SharedCluster.running(home);
        if (note.isEmpty()) {
            if (sayWhenNone) {
                System.out.println("No shared cluster runs (state folder " + home + ").");
            }
            return false;
        }
        long t0 = System.nanoTime();
        ProcessHandle process = ProcessHandle.of(note.get().pid()).orElse(null);
        if (process != null && process.destroy()) {
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new BadInputException(
                        "the shared cluster (pid " + note.get().pid() + ") did not stop within 60 s;" + " kill -9 "
                                + note.get().pid() + " stops it (its data is recovered at the next start)");
            } catch (java.util.concurrent.ExecutionException e) {
                // gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BadInputException("interrupted while stopping the shared cluster (pid "
                        + note.get().pid() + ")");
            }
        }
        SharedCluster.deleteQuietly(home.resolve(SharedCluster.NOTE_FILE));
        System.out.printf(
                "Stopped the shared cluster (pid %d) in %.1f s; %s%n",
                note.get().pid(),
                (System.nanoTime() - t0) / 1e9,
                note.get().dataDirectory() == null
                        ? "it kept no data."
                        : "its data stays in " + note.get().dataDirectory() + " (--reset deletes it).");
        return true;
    }

    static void status(Path home) {
        Optional<SharedCluster.Note> running = SharedCluster.running(home);
        if (running.isEmpty()) {
            System.out.println("No shared cluster runs. State folder: " + home);
            for (int brokers : new int[] {1, 3}) {
                Path data = SharedCluster.dataDirectory(home, brokers);
                if (Files.isDirectory(data)) {
                    System.out.printf(
                            "  data (%d broker%s): %s, %s, kept from earlier runs%n",
                            brokers, brokers == 1 ? "" : "s", data, megabytes(data));
                }
            }
            return;
        }
        SharedCluster.Note n = running.get();
        Duration up = Duration.between(n.started(), Instant.now());
        System.out.printf(
                "The shared cluster runs: pid %d, %d broker%s at %s (controller 127.0.0.1:%d), up %s%n",
                n.pid(),
                n.brokers(),
                n.brokers() == 1 ? "" : "s",
                n.bootstrapServers(),
                n.controllerPort(),
                SharedCluster.human(Duration.ofSeconds(up.toSeconds())));
        String idle = n.idleSince() == null
                ? "clients connected"
                : "no client for "
                        + SharedCluster.human(Duration.ofSeconds(
                                Duration.between(n.idleSince(), Instant.now()).toSeconds()));
        System.out.println("  idle    : " + idle + "; " + n.howItEnds());
        System.out.println("  console : " + (n.consoleUrl() == null ? "not started" : n.consoleUrl()));
        System.out.println("  data    : "
                + (n.dataDirectory() == null
                        ? "temporary (deleted when it stops)"
                        : n.dataDirectory() + ", " + megabytes(n.dataDirectory())));
        if (n.logFile() != null) {
            System.out.println("  log     : " + n.logFile());
        }
        System.out.println("  state   : " + home);
    }

    /** Stops the shared cluster first if it runs (saying so), then deletes its data folders. */
    static void reset(Path home) {
        if (!Files.isDirectory(home)) {
            System.out.println("Nothing to reset: no state folder " + home + ".");
            return;
        }
        try (SharedCluster.Lock ignored = SharedCluster.Lock.acquire(home, SharedCluster.START_TIMEOUT)) {
            stopLocked(home, false);
            List<String> deleted = new ArrayList<>();
            for (int brokers = 1; brokers <= 9; brokers++) {
                Path data = SharedCluster.dataDirectory(home, brokers);
                if (Files.isDirectory(data)) {
                    deleted.add(data + " (" + megabytes(data) + ")");
                    EmbeddedKafkaCluster.deleteRecursively(data);
                }
            }
            System.out.println(
                    deleted.isEmpty()
                            ? "No data to delete in " + home + "."
                            : "Deleted " + String.join(", ", deleted) + ": the next start formats a new cluster.");
        } catch (IOException e) {
            throw new BadInputException("cannot use the state folder " + home + ": " + e.getMessage());
        }
    }

    private static String megabytes(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            long bytes = walk.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
            return String.format("%.1f MB", bytes / 1e6);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "size unknown";
        }
    }

    private static boolean portsFree(int first, int count) {
        for (int p = first; p < first + count; p++) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static int envInt(String name, int fallback, int min, int max) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new BadInputException(
                "$" + name + " must be a port between " + min + " and " + max + ", was '" + v + "'");
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException ignored) {
            // the demo waiting for us then relies on the note alone
        }
    }

    /** The learner's and the admin's client.properties, owner-readable only, in the temp folder. */
    private static List<Path> writeUserFiles(EmbeddedKafkaCluster cluster) {
        ClusterSecurity security = cluster.security().orElseThrow();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> files = new ArrayList<>();
        try {
            files.add(security.writeClientProperties(
                    dir.resolve(LEARNER_FILE), ClusterSecurity.LEARNER, cluster.bootstrapServers()));
            files.add(security.writeClientProperties(
                    dir.resolve(ADMIN_FILE), ClusterSecurity.ADMIN, cluster.bootstrapServers()));
        } catch (IOException e) {
            cluster.close();
            throw new BadInputException(
                    "could not write the users' client.properties files to " + dir + ": " + e.getMessage());
        }
        return files;
    }

    private static void printSecureUsage(EmbeddedKafkaCluster cluster, List<Path> userFiles) {
        System.out.println("Secured: SASL_PLAINTEXT + " + ClusterSecurity.MECHANISM
                + ", StandardAuthorizer, no access without an ACL.");
        System.out.println("  user learner : topics and groups '" + ClusterSecurity.LEARNER_PREFIX + "*' only -> "
                + userFiles.get(0));
        System.out.println("  user admin   : super-user                               -> " + userFiles.get(1));
        System.out.println("  (generated passwords, in those files only, readable by you; deleted when you stop)");
        System.out.println();
        System.out.println(
                "The learner's client.properties (" + userFiles.get(0).getFileName() + "):");
        Properties learner = cluster.clientProperties(ClusterSecurity.LEARNER);
        for (String key : new java.util.TreeSet<>(learner.stringPropertyNames())) {
            String value = learner.getProperty(key);
            if (Secrets.isSecret(key)) {
                value = Secrets.scrub(value, secretsOnly(Secrets.jaasSecrets(value)));
            }
            System.out.println("  " + key + "=" + value);
        }
        System.out.println();
        System.out.println("Run any demo as the learner, e.g.:");
        System.out.println(
                "  ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ProducerDemo \\");
        System.out.println("      -Dexec.args=\"--command-config " + userFiles.get(0) + " --topic learner.demo\"");
    }

    private static Properties secretsOnly(List<String> values) {
        Properties p = new Properties();
        for (int i = 0; i < values.size(); i++) {
            p.setProperty("password." + i, values.get(i));
        }
        return p;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
