package dev.kafka101.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster inside this JVM: Kafka's own KRaft code ({@link KafkaRaftServer}), started from the
 * Maven jars, no Docker and no download.
 *
 * <p>Layout: node 0 is broker <em>and</em> the (only) KRaft controller; nodes 1 and 2, when asked for, are
 * broker-only. Everything listens on 127.0.0.1. Storage is formatted like
 * {@code kafka-storage.sh format --standalone} with a fresh cluster id, in a temporary folder that
 * {@link #close()} deletes.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).build().start()) {
 *     String bootstrap = kafka.bootstrapServers();
 *     kafka.stopBroker(2);   // fault demos
 *     kafka.restartBroker(2);
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    /** Node 0 runs the KRaft controller next to its broker. */
    public static final int CONTROLLER_NODE = 0;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String SECURE_LISTENER = "SASL_PLAINTEXT";
    /** Private clusters' temp folders: {@code kafka-local-*}, each with the owner JVM's pid in {@value #OWNER_FILE}. */
    static final String TEMP_PREFIX = "kafka-local-";

    static final String OWNER_FILE = "owner.pid";

    private final int brokers;
    private final int[] brokerPorts;
    private final int controllerPort;
    private final Map<String, String> extraConfig;
    /** Extra listener name -> the port it binds on each node, and the port it advertises on each node. */
    private final Map<String, int[]> extraListenerPorts = new LinkedHashMap<>();

    private final Map<String, int[]> extraListenerAdvertised = new LinkedHashMap<>();
    private final ClusterSecurity security; // null: the PLAINTEXT cluster
    /** A persistent data folder (the shared local cluster): formatted once, kept by {@link #close()}. */
    private final Path persistentDir;
    /** Inter-broker traffic and the console on a listener of their own: the client listener counts only clients. */
    private final boolean internalListener;

    private final int[] internalPorts;
    private final String connectionRegistry = ConnectionCounter.newRegistry();
    private String clusterId = Uuid.randomUuid().toString();
    private final KafkaRaftServer[]
            servers; // guarded by this (brokers 1..n are started by helper threads joined under it)
    private final KafkaConfig[] configs;
    private Path baseDir;
    private Duration startupTime = Duration.ZERO;
    private final boolean watchPhases;
    private StartupPhases phases = new StartupPhases();
    private Thread shutdownHook;
    private volatile boolean closed;
    private volatile Thread stopAfter;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokers = builder.brokers;
        this.extraConfig = new LinkedHashMap<>(builder.config);
        this.security = builder.security;
        this.watchPhases = builder.watchPhases;
        this.persistentDir = builder.dataDirectory;
        this.internalListener = builder.internalListener;
        this.servers = new KafkaRaftServer[brokers];
        this.configs = new KafkaConfig[brokers];
        this.brokerPorts = new int[brokers];
        if (builder.firstPort > 0) {
            // demos: 9092, 9093, 9094 for the brokers, the next port for the controller
            for (int i = 0; i < brokers; i++) {
                brokerPorts[i] = builder.firstPort + i;
            }
            this.controllerPort = builder.firstPort + brokers;
        } else {
            // tests: free ports, picked now so that a restarted broker comes back on the same address
            int[] free = FreePorts.pick(brokers + 1);
            System.arraycopy(free, 0, brokerPorts, 0, brokers);
            this.controllerPort = free[brokers];
        }
        this.internalPorts = internalListener ? FreePorts.pick(brokers) : new int[0];
        builder.extraListeners.forEach((name, advertised) -> {
            int[] bound = FreePorts.pick(brokers);
            int[] shown = new int[brokers];
            for (int i = 0; i < brokers; i++) {
                shown[i] = advertised.applyAsInt(i);
            }
            extraListenerPorts.put(name, bound);
            extraListenerAdvertised.put(name, shown);
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Formats storage and starts every node; returns when all brokers are registered and unfenced. */
    public synchronized EmbeddedKafkaCluster start() {
        if (baseDir != null) {
            throw new IllegalStateException("cluster already started");
        }
        long t0 = System.nanoTime();
        phases = new StartupPhases();
        Thread watcher = null;
        try {
            if (persistentDir != null) {
                baseDir = persistentDir;
                Files.createDirectories(baseDir);
                clusterId = existingClusterId().orElse(clusterId);
            } else {
                deleteLeftoversOfKilledJvms();
                baseDir = Files.createTempDirectory(TEMP_PREFIX);
                // who owns this folder: a later start deletes it if this JVM died without close() (SIGKILL)
                Files.writeString(
                        baseDir.resolve(OWNER_FILE),
                        String.valueOf(ProcessHandle.current().pid()));
            }
            for (int node = 0; node < brokers; node++) {
                configs[node] = KafkaConfig.fromProps(nodeProperties(node), false);
                if (!Files.isRegularFile(baseDir.resolve("node-" + node).resolve("meta.properties"))) {
                    format(node); // a persistent folder is formatted once: same cluster id and node ids ever after
                }
            }
            phases.mark(StartupPhases.FORMATTED);
            watcher = watchPhases ? phases.watch(brokers, () -> closed) : null;
            shutdownHook = new Thread(this::closeOnShutdown, "kafka-local-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            // The controller first (brokers need it to register), then the brokers side by side.
            startNode(CONTROLLER_NODE);
            phases.mark(brokers == 1 ? "node 0 started" : "node 0 started (controller + broker)");
            List<CompletableFuture<Void>> rest = new ArrayList<>();
            for (int node = 1; node < brokers; node++) {
                int n = node;
                rest.add(CompletableFuture.runAsync(() -> startNode(n)));
            }
            CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            if (brokers > 1) {
                phases.mark("nodes 1-" + (brokers - 1) + " started");
            }
            awaitBrokersRegistered(brokers, Duration.ofSeconds(30));
            if (security != null) {
                createLearnerAcls();
            }
        } catch (Exception e) {
            stopWatching(watcher);
            close();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String why = security == null ? cause.getMessage() : Secrets.scrub(cause.getMessage(), secretsOf(security));
            throw new IllegalStateException("The embedded Kafka cluster did not start: " + why, cause);
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
        phases.mark(StartupPhases.STARTED);
        stopWatching(watcher);
        log.info(
                "Embedded Kafka {} ({} broker{}) started in {} ms at {}",
                Versions.kafka(),
                brokers,
                brokers == 1 ? "" : "s",
                startupTime.toMillis(),
                bootstrapServers());
        return this;
    }

    /** {@code 127.0.0.1:port,...} for every broker, running or not. */
    public String bootstrapServers() {
        return IntStream.of(brokerPorts).mapToObj(p -> HOST + ":" + p).collect(Collectors.joining(","));
    }

    /** The address of one broker. */
    public String brokerAddress(int node) {
        checkNode(node);
        return HOST + ":" + brokerPorts[node];
    }

    /**
     * Where an extra listener (see {@link Builder#extraListener}) of one node really listens — the address a proxy
     * in front of it forwards to. Clients are told the advertised address instead.
     */
    public String listenerAddress(String listenerName, int node) {
        checkNode(node);
        int[] ports = extraListenerPorts.get(listenerName);
        if (ports == null) {
            throw new IllegalArgumentException(
                    "no extra listener " + listenerName + " (have " + extraListenerPorts.keySet() + ")");
        }
        return HOST + ":" + ports[node];
    }

    /** The users and passwords of a cluster built with {@link Builder#secure()}; empty for a PLAINTEXT cluster. */
    public Optional<ClusterSecurity> security() {
        return Optional.ofNullable(security);
    }

    /**
     * {@code bootstrap.servers} plus the SASL settings that log in as {@code user} ({@link ClusterSecurity#ADMIN} or
     * {@link ClusterSecurity#LEARNER}) on a secured cluster; on a PLAINTEXT cluster just {@code bootstrap.servers}.
     */
    public Properties clientProperties(String user) {
        Properties p = security == null ? new Properties() : security.clientProperties(user);
        p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    public int brokerCount() {
        return brokers;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Time from {@link #start()} to every broker registered and unfenced. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * When each phase of the last {@link #start()} ended (storage formatted, nodes started, and with
     * {@link Builder#watchStartupPhases()} the controller active and the brokers registered and unfenced).
     */
    public StartupPhases startupPhases() {
        return phases;
    }

    /** The folder holding every node's log directory (deleted by {@link #close()} unless it is persistent). */
    public Path dataDirectory() {
        return baseDir;
    }

    public synchronized boolean isRunning(int node) {
        checkNode(node);
        return servers[node] != null;
    }

    /** The ids of the brokers currently running. */
    public synchronized List<Integer> runningBrokers() {
        return IntStream.range(0, brokers)
                .filter(n -> servers[n] != null)
                .boxed()
                .collect(Collectors.toList());
    }

    /**
     * Stops one broker with a controlled shutdown (its partition leaderships move first, the controller removes it
     * from every ISR). Node 0 hosts the controller: with other brokers still up it refuses, because a broker whose
     * controller is gone waits minutes for a controlled-shutdown approval that never comes.
     */
    public synchronized void stopBroker(int node) {
        checkNode(node);
        if (servers[node] == null) {
            return;
        }
        if (node == CONTROLLER_NODE && runningBrokers().size() > 1) {
            throw new IllegalStateException("node 0 is the KRaft controller of this cluster: stop brokers "
                    + runningBrokers().stream()
                            .filter(n -> n != 0)
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "))
                    + " first (a broker without its controller cannot shut down cleanly)");
        }
        long t0 = System.nanoTime();
        shutdown(node);
        log.info("Broker {} stopped in {} ms", node, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Starts a stopped broker again on the same port with the same data; returns when it is unfenced. */
    public synchronized void restartBroker(int node) {
        checkNode(node);
        if (servers[node] != null) {
            return;
        }
        if (node != CONTROLLER_NODE && servers[CONTROLLER_NODE] == null) {
            throw new IllegalStateException("the controller (node 0) is stopped: restart node 0 first");
        }
        long t0 = System.nanoTime();
        startNode(node);
        log.info("Broker {} restarted in {} ms", node, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Restarts every stopped broker (the controller first). */
    public synchronized void restartStoppedBrokers() {
        for (int node = 0; node < brokers; node++) {
            restartBroker(node);
        }
    }

    /**
     * On Ctrl-C/SIGTERM, stop the brokers only after {@code thread} ended (at most 15 s): a demo whose own shutdown hook
     * lets its main thread commit and close its clients needs the cluster until then. Without this, the JVM runs both
     * hooks at once: a consumer's LeaveGroup meets a broker that is going away ("not the correct coordinator") and its
     * close(), like a producer's, waits out its whole timeout.
     */
    public void stopAfter(Thread thread) {
        this.stopAfter = thread;
    }

    private void closeOnShutdown() {
        Thread first = stopAfter;
        if (first != null && first != Thread.currentThread()) {
            try {
                first.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }

    /**
     * Client connections open right now on the client listener of every running broker: demos, tools, anything but
     * the brokers themselves and (with {@link Builder#internalListener()}) the lab console. The shared cluster stops
     * itself after a while at zero.
     */
    public int clientConnections() {
        return ConnectionCounter.count(connectionRegistry, security == null ? "PLAINTEXT" : SECURE_LISTENER);
    }

    /**
     * {@code bootstrap.servers} of the internal listener ({@link Builder#internalListener()}): the lab console
     * connects there, so its own connections never count as a client's.
     */
    public String internalBootstrapServers() {
        if (!internalListener) {
            return bootstrapServers();
        }
        return IntStream.of(internalPorts).mapToObj(p -> HOST + ":" + p).collect(Collectors.joining(","));
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Stops the brokers, then the controller, and deletes the data folder (unless persistent). Safe to call twice. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (int node = brokers - 1; node >= 0; node--) {
                if (servers[node] != null) {
                    try {
                        shutdown(node);
                    } catch (RuntimeException e) {
                        log.warn("Broker {} did not stop cleanly: {}", node, e.toString());
                    }
                }
            }
            if (persistentDir == null) {
                deleteRecursively(baseDir);
            }
            ConnectionCounter.release(connectionRegistry);
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            CtrlC.removeHookQuietly(shutdownHook);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    private Properties nodeProperties(int node) {
        Properties p = new Properties();
        boolean controller = node == CONTROLLER_NODE;
        p.put("node.id", String.valueOf(node));
        p.put("process.roles", controller ? "broker,controller" : "broker");
        if (persistentDir != null) {
            // A static voter (KRaft version 0): the controller's address comes from this setting at every start, so
            // the data survives a change of ports. --standalone would store the address in the metadata log.
            p.put("controller.quorum.voters", CONTROLLER_NODE + "@" + HOST + ":" + controllerPort);
        } else {
            p.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        }
        p.put("controller.listener.names", "CONTROLLER");
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        StringBuilder listeners = new StringBuilder("PLAINTEXT://" + HOST + ":" + brokerPorts[node]
                + (controller ? ",CONTROLLER://" + HOST + ":" + controllerPort : ""));
        StringBuilder advertised = new StringBuilder("PLAINTEXT://" + HOST + ":" + brokerPorts[node]);
        extraListenerPorts.forEach((name, ports) -> {
            protocols.append(',').append(name).append(":PLAINTEXT");
            listeners
                    .append(',')
                    .append(name)
                    .append("://")
                    .append(HOST)
                    .append(':')
                    .append(ports[node]);
            advertised
                    .append(',')
                    .append(name)
                    .append("://")
                    .append(HOST)
                    .append(':')
                    .append(extraListenerAdvertised.get(name)[node]);
        });
        if (internalListener) {
            protocols.append(",INTERNAL:PLAINTEXT");
            listeners.append(",INTERNAL://").append(HOST).append(':').append(internalPorts[node]);
            advertised.append(",INTERNAL://").append(HOST).append(':').append(internalPorts[node]);
        }
        p.put("listener.security.protocol.map", protocols.toString());
        // brokers replicate over PLAINTEXT (or INTERNAL, which keeps PLAINTEXT for clients only), never an extra
        // listener
        p.put("inter.broker.listener.name", internalListener ? "INTERNAL" : "PLAINTEXT");
        p.put("listeners", listeners.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("log.dirs", baseDir.resolve("node-" + node).toString());
        if (security != null) {
            // One SASL_PLAINTEXT listener for clients and for the brokers among themselves; the controller's own.
            p.put(
                    "listeners",
                    SECURE_LISTENER + "://" + HOST + ":" + brokerPorts[node]
                            + (controller ? ",CONTROLLER://" + HOST + ":" + controllerPort : ""));
            p.put("advertised.listeners", SECURE_LISTENER + "://" + HOST + ":" + brokerPorts[node]);
            p.put("inter.broker.listener.name", SECURE_LISTENER);
            p.putAll(security.brokerSettings(SECURE_LISTENER, "CONTROLLER"));
        }

        // Internal topics: replicated over every broker, and few partitions so the first group starts fast.
        String rf = String.valueOf(brokers);
        String minIsr = String.valueOf(Math.min(2, brokers));
        p.put("offsets.topic.replication.factor", rf);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", rf);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", rf);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("share.coordinator.state.topic.num.partitions", "6");

        // Laptop-friendly settings (measured: see README "The embedded cluster").
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024)); // default 128 MB per broker
        p.put("broker.session.timeout.ms", "2000"); // a restarted broker may re-register after ~2 s, not ~9 s
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("group.initial.rebalance.delay.ms", "0"); // the first consumer of a group starts at once
        p.put("group.consumer.heartbeat.interval.ms", "1000"); // KIP-848 groups: quick rebalances in labs
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.consumer.session.timeout.ms", "10000"); // a killed KIP-848 consumer is noticed in 10 s
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024)); // smaller preallocated index files

        // counts client connections for clientConnections(): a metrics reporter sees the broker's own metrics
        p.put("metric.reporters", ConnectionCounter.class.getName());
        p.put(ConnectionCounter.REGISTRY_CONFIG, connectionRegistry);

        extraConfig.forEach(p::put);
        return p;
    }

    /** The cluster id in node 0's meta.properties, when a persistent folder was formatted before. */
    private Optional<String> existingClusterId() throws IOException {
        Path meta = baseDir.resolve("node-" + CONTROLLER_NODE).resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(meta)) {
            p.load(in);
        }
        return Optional.ofNullable(p.getProperty("cluster.id"));
    }

    /**
     * Temp folders of private clusters whose JVM died without close() (SIGKILL, a crash): their owner pid is gone.
     * Folders of live JVMs, and folders without an owner file, are left alone.
     */
    static void deleteLeftoversOfKilledJvms() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (var dirs = Files.newDirectoryStream(tmp, TEMP_PREFIX + "*")) {
            for (Path dir : dirs) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(Files.readString(owner).trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == Boolean.FALSE) {
                        log.info(
                                "Deleting {}: left by a JVM (pid {}) that ended without closing its cluster", dir, pid);
                        deleteRecursively(dir);
                    }
                } catch (IOException | NumberFormatException e) {
                    // unreadable or half-written: leave it
                }
            }
        } catch (IOException e) {
            log.debug("Cannot list {}: {}", tmp, e.toString());
        }
    }

    private void format(int node) throws IOException {
        Path file = baseDir.resolve("node-" + node + ".properties");
        Properties props = nodeProperties(node);
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "kafka-local node " + node);
        }
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", file.toString()));
        if (node == CONTROLLER_NODE && persistentDir == null) {
            args.add("--standalone"); // a new single-voter KRaft quorum, as `kafka-storage.sh format --standalone`
            if (security != null) {
                args.addAll(security.formatArguments()); // SCRAM users in the first metadata: brokers log in with them
            }
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int code;
        try (PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            code = StorageTool.execute(args.toArray(String[]::new), ps);
        }
        if (code != 0) {
            String out = output.toString(StandardCharsets.UTF_8).trim();
            throw new IllegalStateException("kafka-storage format failed for node " + node + ": "
                    + (security == null ? out : Secrets.scrub(out, secretsOf(security))));
        }
    }

    private void startNode(int node) {
        KafkaRaftServer server = new KafkaRaftServer(configs[node], Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException ignored) {
                // best effort
            }
            throw e;
        }
        servers[node] = server; // start() and restartBroker() hold the monitor; they publish this after joining
    }

    private void shutdown(int node) {
        KafkaRaftServer server = servers[node];
        servers[node] = null;
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
            server.shutdown();
            server.awaitShutdown();
        });
        try {
            stopping.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "broker " + node + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping broker " + node);
        } catch (ExecutionException e) {
            throw new IllegalStateException("broker " + node + " failed to stop: " + e.getCause(), e.getCause());
        }
    }

    private void awaitBrokersRegistered(int expected, Duration timeout) throws Exception {
        Properties conf = clientProperties(ClusterSecurity.ADMIN);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                int seen = admin.describeCluster()
                        .nodes()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .size();
                if (seen >= expected) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("only " + seen + " of " + expected + " brokers registered");
                }
                TimeUnit.MILLISECONDS.sleep(50); // polling the cluster's own state, not synchronising with a guess
            }
        }
    }

    /** Gives the learner its ACLs and waits until the brokers enforce them (ACLs travel in the metadata log). */
    private void createLearnerAcls() throws Exception {
        List<AclBinding> acls = ClusterSecurity.learnerAcls();
        try (Admin admin = Admin.create(clientProperties(ClusterSecurity.ADMIN))) {
            admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        }
        for (int node = 0; node < brokers; node++) {
            Properties p = clientProperties(ClusterSecurity.ADMIN);
            p.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokerAddress(node));
            try (Admin admin = Admin.create(p)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (admin.describeAcls(AclBindingFilter.ANY)
                                .values()
                                .get(30, TimeUnit.SECONDS)
                                .size()
                        < acls.size()) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException(
                                "the learner's ACLs are not visible on broker " + node + " after 30 s");
                    }
                    TimeUnit.MILLISECONDS.sleep(20); // polling the broker's own state
                }
            }
        }
    }

    private static Properties secretsOf(ClusterSecurity security) {
        Properties p = new Properties();
        for (String user : security.users()) {
            p.setProperty("password." + user, security.password(user));
        }
        return p;
    }

    private static void stopWatching(Thread watcher) {
        if (watcher == null) {
            return;
        }
        try {
            watcher.join(20); // the brokers are unfenced by now: let it take its last sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watcher.interrupt();
    }

    private void checkNode(int node) {
        if (node < 0 || node >= brokers) {
            throw new IllegalArgumentException(
                    "no broker " + node + " in a " + brokers + "-broker cluster (ids 0.." + (brokers - 1) + ")");
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("Could not delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }

    /** Builder: 1 or 3 brokers (any count ≥ 1 works), random or fixed ports, extra broker settings. */
    public static final class Builder {
        private int brokers = 1;
        private int firstPort;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final Map<String, IntUnaryOperator> extraListeners = new LinkedHashMap<>();
        private ClusterSecurity security;
        private boolean watchPhases;
        private Path dataDirectory;
        private boolean internalListener;

        /**
         * Keep the data in {@code dir} (the shared local cluster): formatted on the first start only, so the cluster
         * id, topics and committed offsets survive a restart; {@link #close()} does not delete it.
         */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = java.util.Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Brokers replicate over a listener called INTERNAL (free ports), and {@link #internalBootstrapServers()}
         * reaches it: the PLAINTEXT listener then carries clients' connections only ({@link #clientConnections()}).
         */
        public Builder internalListener() {
            this.internalListener = true;
            return this;
        }

        public Builder brokers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("brokers must be at least 1, was " + count);
            }
            this.brokers = count;
            return this;
        }

        /** Fixed ports: brokers on firstPort, firstPort+1, ...; the controller on the next one. 0 = free ports. */
        public Builder firstPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.firstPort = port;
            return this;
        }

        /**
         * Also time the phases inside Kafka's start-up (controller active, brokers registered, unfenced) by
         * sampling the controller's gauges while {@link #start()} runs; see {@link #startupPhases()}.
         */
        public Builder watchStartupPhases() {
            this.watchPhases = true;
            return this;
        }

        /** Any broker setting, applied to every node after the defaults. */
        public Builder brokerConfig(String key, String value) {
            config.put(key, value);
            return this;
        }

        /**
         * An extra PLAINTEXT listener called {@code name} on every node, bound to a free port and advertised to
         * clients at {@code 127.0.0.1:advertisedPort(node)} — e.g. a proxy that forwards to
         * {@link #listenerAddress(String, int)}. A client bootstrapped at the advertised address then talks to the
         * cluster only through it (metadata names that listener's addresses). Brokers keep replicating over
         * PLAINTEXT. Without extra listeners nothing changes.
         */
        public Builder extraListener(String name, IntUnaryOperator advertisedPort) {
            if (!name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException(
                        "listener name must be upper case and not PLAINTEXT/CONTROLLER: " + name);
            }
            extraListeners.put(name, advertisedPort);
            return this;
        }

        /**
         * A secured cluster: SASL_PLAINTEXT + SCRAM-SHA-512 on the broker ports, users {@code admin} (super-user) and
         * {@code learner} with random passwords, StandardAuthorizer, ACLs for the learner (see {@link ClusterSecurity}).
         */
        public Builder secure() {
            return secure(ClusterSecurity.generate());
        }

        /** A secured cluster with these users' passwords. */
        public Builder secure(ClusterSecurity users) {
            this.security = java.util.Objects.requireNonNull(users, "users");
            return this;
        }

        public EmbeddedKafkaCluster build() {
            if (security != null && internalListener) {
                throw new IllegalArgumentException(
                        "a secured cluster has one SASL listener per broker: no internal listener");
            }
            if (security != null && !extraListeners.isEmpty()) {
                throw new IllegalArgumentException(
                        "a secured cluster has one SASL listener per broker: extra listeners are not supported with secure()");
            }
            return new EmbeddedKafkaCluster(this);
        }
    }
}
