package dev.kafka101.local;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the demos find Kafka, one way for all of them. In this order:
 * <ol>
 *     <li>{@code --bootstrap-server host:port}</li>
 *     <li>the environment variable {@code KAFKA_BOOTSTRAP_SERVERS}</li>
 *     <li>{@code bootstrap.servers} in the {@code --command-config client.properties} file</li>
 *     <li>{@code --embedded} or {@code KAFKA101_EMBEDDED=true}: a private cluster in this JVM, stopped with the demo</li>
 *     <li>the shared local cluster ({@link SharedCluster}): the running one, or one started now in the background;
 *     a demo that needs 3 brokers uses a shared 3-broker cluster if one runs, else a private one in this JVM</li>
 * </ol>
 * Labs that stop brokers ({@link DemoMain#runPrivate}) use a private cluster instead of the shared one.
 * Settings from the {@code --command-config} file (SASL, SSL, any client property) apply whichever address wins.
 * The choice is printed; secrets ({@code sasl.jaas.config}, {@code *.password}, ...) never are.
 */
public final class KafkaConnection implements AutoCloseable {
    public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS";
    /** How long a demo waits for an unreachable cluster before saying so. */
    public static final int REACH_TIMEOUT_MS = 10_000;
    /**
     * System property overriding {@link #REACH_TIMEOUT_MS} (milliseconds): for tests that start demo JVMs on a busy
     * machine, where a cold JVM may need more than 10 s of wall time for its first SCRAM login.
     */
    public static final String REACH_TIMEOUT_PROPERTY = "kafka101.reach.timeout.ms";

    private static final Logger log = LoggerFactory.getLogger(KafkaConnection.class);

    private final Properties clientProperties;
    private final String source;
    private final EmbeddedKafkaCluster embedded;
    private final CommandLine commandLine;
    private SharedCluster.Note shared; // the shared local cluster, when it is the one used
    private String firstLine; // a line printed before the "Kafka: ..." line (ports moved)

    private KafkaConnection(
            Properties clientProperties, String source, EmbeddedKafkaCluster embedded, CommandLine commandLine) {
        this.clientProperties = clientProperties;
        this.source = source;
        this.embedded = embedded;
        this.commandLine = commandLine;
    }

    /**
     * For {@link DemoMain}: resolves the connection from the parsed flags, prints the choice, checks the cluster
     * answers. Bad flags or an unreachable cluster are a {@link BadInputException}; nothing here exits.
     */
    static KafkaConnection open(CommandLine cli, int defaultBrokers, String privateWhy) {
        KafkaConnection connection = resolve(cli, System.getenv(), defaultBrokers, privateWhy, KafkaConnection.class);
        try {
            if (connection.firstLine != null) {
                System.out.println(connection.firstLine);
            }
            System.out.println(connection.describe());
            connection.checkReachable();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * A connection to a cluster whose client settings are already known ({@code bootstrap.servers} and any security
     * settings): what tests and labs hand to a lesson method. Closing it stops nothing.
     */
    public static KafkaConnection of(Properties clientProperties) {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        return new KafkaConnection(copy, "given", null, CommandLine.spec("given"));
    }

    /** Resolves without printing or exiting (tests); throws {@link BadInputException}. */
    public static KafkaConnection resolve(CommandLine cli, Map<String, String> env, int defaultBrokers) {
        return resolve(cli, env, defaultBrokers, null, KafkaConnection.class);
    }

    /**
     * Resolves without printing or exiting; {@code privateWhy} non-null: a private cluster instead of the shared one;
     * {@code mainClass}: whose class loader's class path a shared cluster started now runs with (under
     * {@code mvn exec:java} that is the project's class loader, not {@code java.class.path}).
     */
    static KafkaConnection resolve(
            CommandLine cli, Map<String, String> env, int defaultBrokers, String privateWhy, Class<?> mainClass) {
        Properties props = new Properties();
        Optional<String> configFile = cli.value(CommandLine.COMMAND_CONFIG);
        if (configFile.isPresent()) {
            props.putAll(load(Path.of(configFile.get())));
        }
        int brokers = cli.intValue(CommandLine.BROKERS, defaultBrokers, 1, 9);

        Optional<String> flag = cli.value(CommandLine.BOOTSTRAP_SERVER);
        String fromEnv = env.get(ENV_BOOTSTRAP);
        String fromFile = props.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (flag.isPresent()) {
            return external(props, flag.get(), "from --bootstrap-server", cli);
        }
        if (fromEnv != null && !fromEnv.isBlank()) {
            return external(props, fromEnv, "from $" + ENV_BOOTSTRAP, cli);
        }
        if (fromFile != null && !fromFile.isBlank()) {
            return external(props, fromFile, "from bootstrap.servers in " + configFile.get(), cli);
        }
        String why = privateWhy;
        if (cli.isOn(CommandLine.EMBEDDED)) {
            why = "--embedded";
        } else if ("true"
                .equalsIgnoreCase(
                        String.valueOf(env.get(SharedCluster.ENV_EMBEDDED)).trim())) {
            why = "$" + SharedCluster.ENV_EMBEDDED + "=true";
        }
        if (why == null) {
            SharedCluster.Outcome outcome = SharedCluster.findOrStart(env, brokers, mainClass);
            if (outcome.shared().isPresent()) {
                SharedCluster.Note note = outcome.shared().get();
                String how = "shared local cluster (pid " + note.pid() + ", "
                        + (outcome.startedNow()
                                ? String.format(
                                        java.util.Locale.ROOT,
                                        "started now in %.1f s",
                                        outcome.startTime().toMillis() / 1000.0)
                                : "running since " + since(note.started()))
                        + "; " + note.howItEnds() + ")"
                        + (note.consoleUrl() == null ? "" : " — console " + note.consoleUrl());
                KafkaConnection c = external(props, note.bootstrapServers(), how, cli);
                c.shared = note;
                if (outcome.startedNow() && note.portsNote() != null) {
                    c.firstLine = note.portsNote();
                }
                return c;
            }
            why = outcome.privateReason();
        }
        EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(brokers).build().start();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        String how = String.format(
                "private in-JVM cluster (%d broker%s, Kafka %s, ready in %.1f s; stops with this " + "demo): %s",
                brokers,
                brokers == 1 ? "" : "s",
                Versions.kafka(),
                cluster.startupTime().toMillis() / 1000.0,
                why);
        return new KafkaConnection(props, how, cluster, cli);
    }

    private static String since(java.time.Instant started) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofInstant(started, java.time.ZoneId.systemDefault());
        return t.toLocalDate().equals(java.time.LocalDate.now())
                ? t.toLocalTime().withNano(0).toString()
                : t.withNano(0).toString().replace('T', ' ');
    }

    private static KafkaConnection external(Properties props, String bootstrap, String how, CommandLine cli) {
        String servers = bootstrap.trim();
        for (String server : servers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new BadInputException("bad bootstrap server '" + s + "' (" + how + "): expected host:port");
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new BadInputException("bad port in bootstrap server '" + s + "' (" + how + ")");
            }
        }
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, servers);
        return new KafkaConnection(props, how, null, cli);
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            throw new BadInputException("--command-config file not found: " + file.toAbsolutePath());
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read --command-config file " + file + ": " + e.getMessage());
        }
        return p;
    }

    /**
     * A fresh copy of the client settings every demo starts from: {@code bootstrap.servers} plus whatever the
     * {@code --command-config} file set. The demo adds its own producer/consumer properties to it, visibly.
     */
    public Properties clientProperties() {
        Properties copy = new Properties();
        copy.putAll(clientProperties);
        return copy;
    }

    /**
     * The connection's settings other than {@code bootstrap.servers}: what the {@code --command-config} file set
     * (security.protocol, SASL, SSL, any client property). Empty for a plain local cluster.
     */
    public Properties securitySettings() {
        return securitySettings(clientProperties);
    }

    /**
     * The settings of {@code clientProperties} other than {@code bootstrap.servers}: for a lesson method that is given
     * the client properties (by a test or a lab) and shows {@code bootstrap.servers} on a line of its own.
     */
    public static Properties securitySettings(Properties clientProperties) {
        Properties settings = new Properties();
        settings.putAll(clientProperties);
        settings.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return settings;
    }

    public String bootstrapServers() {
        return clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** The shared local cluster, when it is the one used (its note: pid, console, how it ends). */
    public Optional<SharedCluster.Note> sharedCluster() {
        return Optional.ofNullable(shared);
    }

    /** The embedded cluster, when this JVM started one (fault demos stop and restart its brokers). */
    public Optional<EmbeddedKafkaCluster> embeddedCluster() {
        return Optional.ofNullable(embedded);
    }

    /** The parsed flags, for a demo's own options. */
    public CommandLine commandLine() {
        return commandLine;
    }

    /** One line saying which cluster is used and why, and the extra client settings with secrets hidden. */
    public String describe() {
        StringBuilder sb = new StringBuilder("Kafka: ")
                .append(bootstrapServers())
                .append(" — ")
                .append(source);
        Map<String, String> extra = new TreeMap<>();
        clientProperties.forEach((k, v) -> {
            if (!CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(k)) {
                extra.put(String.valueOf(k), Secrets.mask(String.valueOf(k), String.valueOf(v)));
            }
        });
        if (!extra.isEmpty()) {
            sb.append(System.lineSeparator()).append("       client settings: ").append(extra);
        }
        return sb.toString();
    }

    /**
     * Asks the cluster for its brokers; a cluster that does not answer within {@value #REACH_TIMEOUT_MS} ms, refuses
     * the credentials or the address is a {@link BadInputException} with one line saying which.
     */
    public void checkReachable() {
        InetSocketAddress listening = checkSomeBrokerAcceptsConnections();
        String protocol = clientProperties.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        if (protocol.trim().equalsIgnoreCase("PLAINTEXT")) {
            plaintextRefusedBy(listening).ifPresent(why -> {
                Path learnerFile = Path.of(System.getProperty("java.io.tmpdir"), SharedCluster.LEARNER_FILE);
                String hint = shared != null && shared.secure() && Files.isRegularFile(learnerFile)
                        ? " (this local cluster runs with --secure: add --command-config " + learnerFile + ")"
                        : "";
                throw new BadInputException("Kafka at " + listening.getHostString() + ":" + listening.getPort() + " ("
                        + source + ") " + why + hint);
            });
        }
        Properties p = clientProperties();
        int timeoutMs = reachTimeoutMs();
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(timeoutMs));
        // fail fast instead of reconnecting quietly in the background
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        try (Admin admin = Admin.create(p)) {
            var cluster = admin.describeCluster();
            int nodes = cluster.nodes()
                    .get(timeoutMs + 2_000L, TimeUnit.MILLISECONDS)
                    .size();
            log.debug("{} broker(s) answered at {}", nodes, bootstrapServers());
            if (shared != null) {
                // the note names the cluster: a program that took the port after it stopped is not it
                String id = cluster.clusterId().get(timeoutMs + 2_000L, TimeUnit.MILLISECONDS);
                if (!shared.clusterId().equals(id)) {
                    throw new BadInputException("the Kafka at " + bootstrapServers()
                            + " is not the shared local cluster "
                            + "(cluster id " + id + ", its note says " + shared.clusterId() + "): LocalKafkaCluster "
                            + "--stop, then run the demo again");
                }
            }
        } catch (ExecutionException e) {
            throw new BadInputException(unreachable(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new BadInputException(unreachable(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while connecting to " + bootstrapServers(), e);
        } catch (KafkaException e) {
            // e.g. "No resolvable bootstrap urls given in bootstrap.servers", a bad security setting
            throw new BadInputException(
                    "cannot connect to Kafka at " + bootstrapServers() + " (" + source + "): "
                            + Secrets.scrub(rootMessage(e), clientProperties),
                    e);
        }
    }

    /** A plain TCP connect first: "connection refused" or "unknown host" is known in milliseconds, not 10 s. */
    private InetSocketAddress checkSomeBrokerAcceptsConnections() {
        StringBuilder problems = new StringBuilder();
        for (String server : bootstrapServers().split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(s.substring(colon + 1));
            try (Socket socket = new Socket()) {
                InetSocketAddress address = new InetSocketAddress(host, port);
                socket.connect(address, 3_000);
                return address; // someone listens; the Admin request below tells whether it is Kafka
            } catch (UnknownHostException e) {
                problems.append(problems.length() == 0 ? "" : "; ").append(s).append(": unknown host");
            } catch (IOException e) {
                String why = e instanceof java.net.ConnectException ? "connection refused" : e.getMessage();
                problems.append(problems.length() == 0 ? "" : "; ")
                        .append(s)
                        .append(": ")
                        .append(why);
            } catch (IllegalArgumentException e) {
                problems.append(problems.length() == 0 ? "" : "; ").append(s).append(": unresolved address");
            }
        }
        throw new BadInputException("cannot reach Kafka at " + bootstrapServers() + " (" + source + "): " + problems
                + " — is the cluster running, and is the host:port right?");
    }

    /**
     * A PLAINTEXT client at a SASL or SSL listener never gets an error: the broker closes the connection and the
     * client quietly reconnects until its timeout. So ask one raw question first (milliseconds): an ApiVersions
     * request, which every Kafka listener but an SSL one answers, then a Metadata request, which a SASL listener
     * refuses before login by closing the connection. Empty when the listener answers like a PLAINTEXT one, or when
     * the answer proves nothing (then the Admin request decides).
     */
    static Optional<String> plaintextRefusedBy(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 3_000);
            socket.setSoTimeout(5_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            DataInputStream in = new DataInputStream(socket.getInputStream());
            writeRequest(out, 18, 0, 1, new byte[0]); // ApiVersions v0, no body
            int first;
            try {
                first = in.read();
            } catch (SocketException e) {
                first = -1; // reset
            }
            if (first == -1 || first == 0x15) { // closed, or a TLS alert record
                return Optional.of("does not answer a plain Kafka request: it expects TLS. Use a --command-config "
                        + "file with security.protocol=SSL (or SASL_SSL and the SASL settings), see docs/security.md");
            }
            int size = (first << 24)
                    | (in.readUnsignedByte() << 16)
                    | (in.readUnsignedByte() << 8)
                    | in.readUnsignedByte();
            if (size < 4 || size > 1 << 20 || in.readInt() != 1) {
                return Optional.empty(); // not a Kafka answer: the Admin request will say what happens
            }
            in.skipNBytes(size - 4);
            writeRequest(out, 3, 4, 2, new byte[] {0, 0, 0, 0, 0}); // Metadata v4: no topics, no auto-creation
            try {
                int size2 = in.readInt();
                in.skipNBytes(size2);
                return Optional.empty(); // answered: a PLAINTEXT listener
            } catch (EOFException | SocketException e) {
                return Optional.of("closed the connection when asked for metadata without logging in: this listener "
                        + "expects SASL. Use a --command-config file with security.protocol=SASL_PLAINTEXT (or "
                        + "SASL_SSL), sasl.mechanism and sasl.jaas.config, see docs/security.md");
            }
        } catch (IOException e) {
            return Optional.empty(); // timeouts and the like: the Admin request below reports them
        }
    }

    private static void writeRequest(DataOutputStream out, int apiKey, int version, int correlationId, byte[] body)
            throws IOException {
        byte[] clientId = "kafka-101-lab-probe".getBytes(StandardCharsets.UTF_8);
        out.writeInt(2 + 2 + 4 + 2 + clientId.length + body.length);
        out.writeShort(apiKey);
        out.writeShort(version);
        out.writeInt(correlationId);
        out.writeShort(clientId.length);
        out.write(clientId);
        out.write(body);
        out.flush();
    }

    private static int reachTimeoutMs() {
        return Math.max(1_000, Integer.getInteger(REACH_TIMEOUT_PROPERTY, REACH_TIMEOUT_MS));
    }

    private String unreachable(Throwable cause) {
        if (cause instanceof IllegalSaslStateException) {
            return "Kafka at " + bootstrapServers() + " does not speak SASL on this listener (is it PLAINTEXT or SSL? "
                    + "check security.protocol): " + Secrets.scrub(rootMessage(cause), clientProperties);
        }
        if (cause instanceof AuthenticationException) { // "Kafka refused the login of user 'x' ..."
            return KafkaErrors.oneLine(cause, clientProperties)
                    .replaceFirst("^Kafka ", "Kafka at " + bootstrapServers() + " ");
        }
        if (cause instanceof AuthorizationException) {
            return "Kafka at " + bootstrapServers() + ": " + KafkaErrors.oneLine(cause, clientProperties);
        }
        return "cannot reach Kafka at " + bootstrapServers() + " (" + source + "): no broker answered within "
                + reachTimeoutMs() / 1000 + " s — is it running, and is the host:port right?";
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : KafkaErrors.firstLine(m);
    }

    /** Stops the embedded cluster if this connection started one. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
