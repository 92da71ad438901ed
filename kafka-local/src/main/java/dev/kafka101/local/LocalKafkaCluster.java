package dev.kafka101.local;

import dev.kafka101.local.console.BrokerControl;
import dev.kafka101.local.console.LabConsole;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a local Apache Kafka cluster (1 or 3 brokers, KRaft, in this JVM) on fixed ports and keeps it running until
 * Ctrl-C, so you can run demos, several consumer instances, or Kafka's CLI against it.
 *
 * <pre>
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster                                  # 1 broker on 127.0.0.1:9092
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--brokers 3"        # 9092, 9093, 9094 (controller 9095)
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--broker-logs info" # show the broker's own INFO logs
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--secure"           # SASL/SCRAM users + ACLs, see docs/security.md
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--brokers 3 --console" # plus the lab console web page
 * </pre>
 *
 * While it runs, it leaves a small note in the temp folder; demos started with no connection flags find it and use
 * this cluster instead of starting their own.
 */
public final class LocalKafkaCluster {
    private static final String NOTE_FILE = "kafka-101-lab-local-cluster.properties";
    /** {@code --secure}: the learner's client.properties, in the temp folder while the cluster runs. */
    public static final String LEARNER_FILE = "kafka-101-lab-learner.properties";
    /** {@code --secure}: the admin's client.properties, in the temp folder while the cluster runs. */
    public static final String ADMIN_FILE = "kafka-101-lab-admin.properties";

    private LocalKafkaCluster() {
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine cli;
        cli = CommandLine.clusterSpec("LocalKafkaCluster")
                    .withValue("--port", "first broker port (default 9092; brokers on port, port+1, ..., then the controller)")
                    .withValue("--broker-logs", "log level of Kafka's own classes: warn (default), info, debug")
                    .withSwitch("--secure", "SASL_PLAINTEXT + SCRAM-SHA-512 users admin and learner, ACLs; writes their client.properties files")
                    .withSwitch("--console", "also start the lab console web page on 127.0.0.1 (docs/console.md)")
                    .withValue("--console-port", "port of the lab console (default 8080)")
                    .parseOrExit(args);
        if (cli.value("--broker-logs").isPresent()) {
            String level = cli.value("--broker-logs").get();
            if (!level.matches("trace|debug|info|warn|error")) {
                throw Exit.fail("--broker-logs must be one of trace, debug, info, warn, error; was '" + level + "'");
            }
            // slf4j-simple reads these once, when the first logger is made: so before anything logs.
            System.setProperty("org.slf4j.simpleLogger.log.kafka", level);
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", level);
            System.setProperty("org.slf4j.simpleLogger.log.state.change.logger", level);
        }

        int brokers;
        int port;
        int consolePort;
        try {
            brokers = cli.intValue(CommandLine.BROKERS, 1, 1, 9);
            port = cli.intValue("--port", 9092, 1024, 65000);
            consolePort = cli.intValue("--console-port", LabConsole.DEFAULT_PORT, 0, 65535);
        } catch (BadInputException e) {
            throw Exit.fail(e.getMessage());
        }

        EmbeddedKafkaCluster cluster;
        try {
            EmbeddedKafkaCluster.Builder builder = EmbeddedKafkaCluster.builder().brokers(brokers).firstPort(port);
            if (cli.isOn("--secure")) {
                builder.secure();
            }
            cluster = builder.build().start();
        } catch (IllegalStateException e) {
            throw Exit.fail(e.getMessage() + " (is something else using ports " + port + ".." + (port + brokers) + "?)");
        }
        LabConsole console = null;
        if (cli.isOn("--console") || cli.value("--console-port").isPresent()) {
            // on a --secure cluster the console logs in as admin: it shows and changes everything
            Properties clientProperties = cluster.clientProperties(ClusterSecurity.ADMIN);
            console = LabConsole.startOrExit(clientProperties, BrokerControl.of(cluster), consolePort); // port taken: exit 2
        }
        LabConsole startedConsole = console;
        Path note = writeNote(cluster);
        List<Path> userFiles = cluster.security().isPresent() ? writeUserFiles(cluster) : List.of();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println();
            if (startedConsole != null) {
                startedConsole.close();
            }
            System.out.println("Stopping the local cluster...");
            deleteQuietly(note);
            userFiles.forEach(LocalKafkaCluster::deleteQuietly);
            cluster.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-cluster-stop"));

        System.out.printf("%nApache Kafka %s — %d broker%s (KRaft, node 0 is the controller), ready in %.1f s%n",
                Versions.kafka(), brokers, brokers == 1 ? "" : "s", cluster.startupTime().toMillis() / 1000.0);
        System.out.println("  bootstrap servers : " + cluster.bootstrapServers());
        System.out.println("  cluster id        : " + cluster.clusterId());
        System.out.println("  data              : " + cluster.dataDirectory() + " (deleted when you stop)");
        System.out.println();
        if (userFiles.isEmpty()) {
            System.out.println("Demos started now with no flags use this cluster. Or say so explicitly:");
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
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /** What a running LocalKafkaCluster wrote about itself. */
    public record RunningNote(String bootstrapServers, int brokers, long pid) {
    }

    /** The cluster a LocalKafkaCluster process on this machine is running, if its process is still alive. */
    public static Optional<RunningNote> findRunning() {
        Path note = notePath();
        if (!Files.isRegularFile(note)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(note)) {
            p.load(in);
            long pid = Long.parseLong(p.getProperty("pid"));
            if (pid == ProcessHandle.current().pid()
                    || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                return Optional.empty();
            }
            return Optional.of(new RunningNote(p.getProperty("bootstrap.servers"),
                    Integer.parseInt(p.getProperty("brokers")), pid));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path notePath() {
        return Path.of(System.getProperty("java.io.tmpdir"), NOTE_FILE);
    }

    private static Path writeNote(EmbeddedKafkaCluster cluster) {
        Path note = notePath();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", cluster.bootstrapServers());
        p.setProperty("brokers", String.valueOf(cluster.brokerCount()));
        p.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        p.setProperty("secure", String.valueOf(cluster.security().isPresent()));
        try (OutputStream out = Files.newOutputStream(note)) {
            p.store(out, "written by LocalKafkaCluster; deleted when it stops");
        } catch (IOException e) {
            System.err.println("warning: could not write " + note + ": " + e.getMessage());
        }
        return note;
    }

    /** The learner's and the admin's client.properties, owner-readable only, in the temp folder. */
    private static List<Path> writeUserFiles(EmbeddedKafkaCluster cluster) {
        ClusterSecurity security = cluster.security().orElseThrow();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> files = new ArrayList<>();
        try {
            files.add(security.writeClientProperties(dir.resolve(LEARNER_FILE), ClusterSecurity.LEARNER, cluster.bootstrapServers()));
            files.add(security.writeClientProperties(dir.resolve(ADMIN_FILE), ClusterSecurity.ADMIN, cluster.bootstrapServers()));
        } catch (IOException e) {
            cluster.close();
            throw Exit.fail("could not write the users' client.properties files to " + dir + ": " + e.getMessage());
        }
        return files;
    }

    private static void printSecureUsage(EmbeddedKafkaCluster cluster, List<Path> userFiles) {
        System.out.println("Secured: SASL_PLAINTEXT + " + ClusterSecurity.MECHANISM + ", StandardAuthorizer, no access without an ACL.");
        System.out.println("  user learner : topics and groups '" + ClusterSecurity.LEARNER_PREFIX + "*' only -> " + userFiles.get(0));
        System.out.println("  user admin   : super-user                               -> " + userFiles.get(1));
        System.out.println("  (generated passwords, in those files only, readable by you; deleted when you stop)");
        System.out.println();
        System.out.println("The learner's client.properties (" + userFiles.get(0).getFileName() + "):");
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
        System.out.println("  ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ProducerDemo \\");
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
