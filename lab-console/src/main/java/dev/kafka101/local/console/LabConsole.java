package dev.kafka101.local.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lab console: a web page on http://127.0.0.1:8080 that shows the cluster live (brokers, topics, consumer
 * groups) and lets a learner stop a broker or start consumers and a producer with clicks.
 *
 * <pre>
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.LocalKafkaCluster -Dexec.args="--brokers 3 --console"      # with the local cluster
 *   ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.local.console.LabConsole \
 *        -Dexec.args="--bootstrap-server host:9092"                             # on its own, any cluster
 * </pre>
 *
 * Only 127.0.0.1 can reach it, and every button needs the random token printed at start (the page sends it in the
 * {@value #TOKEN_HEADER} header), so another web page open in the browser cannot click Stop for you.
 */
public final class LabConsole implements AutoCloseable {
    public static final int DEFAULT_PORT = 8080;
    public static final String TOKEN_HEADER = "X-Console-Token";
    private static final String HOST = "127.0.0.1";
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/console.js", "console.js",
            "/wikimedia.js", "wikimedia.js",
            "/console.css", "console.css");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ClusterWatcher watcher;
    private final LabClients lab;
    private final Optional<BrokerControl> control;
    private final String token;
    private final ObjectMapper json = new ObjectMapper();

    private LabConsole(
            HttpServer server, ExecutorService handlers, Properties clientProperties, Optional<BrokerControl> control) {
        this.server = server;
        this.handlers = handlers;
        this.control = control;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.token = HexFormat.of().formatHex(random);
        ClusterWatcher[] w = new ClusterWatcher[1];
        this.lab = new LabClients(clientProperties, () -> w[0] == null ? 1 : w[0].brokersUp());
        this.watcher = new ClusterWatcher(clientProperties, control, () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("consumers", lab.consumerViews());
            m.put("producers", lab.producerViews());
            return m;
        });
        w[0] = watcher;
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts the console on 127.0.0.1:{@code port} (0 = any free port) for the cluster {@code clientProperties}
     * points at; {@code control} is the embedded cluster's broker control, or null for an external cluster.
     *
     * @throws BindException when the port is taken
     */
    public static LabConsole start(Properties clientProperties, BrokerControl control, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 16);
        AtomicInteger n = new AtomicInteger();
        ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "lab-console-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        return new LabConsole(server, handlers, clientProperties, Optional.ofNullable(control));
    }

    /** The address to open, token included: {@code http://127.0.0.1:8080/?token=...}. */
    public String url() {
        return "http://" + HOST + ":" + port() + "/?token=" + token;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the server socket is bound to. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public String token() {
        return token;
    }

    /** How many times the console has polled the Admin API since it started. */
    public long adminPolls() {
        return watcher.polls();
    }

    @Override
    public void close() {
        server.stop(0);
        lab.close();
        watcher.close();
        handlers.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (!hostIsLocal(ex)) {
                // a DNS-rebinding page reaches 127.0.0.1 under its own host name: refuse it
                send(ex, 403, "text/plain", "forbidden: open the console as http://127.0.0.1:" + port() + "/");
                return;
            }
            if (path.startsWith("/api/") && !path.equals("/api/snapshot")) {
                action(ex, method, path);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain", "method not allowed");
                return;
            }
            if (path.equals("/api/snapshot")) {
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                send(ex, 200, "application/json", watcher.snapshotJson());
                return;
            }
            String resource = STATIC.get(path);
            if (resource == null) {
                send(ex, 404, "text/plain", "not found");
                return;
            }
            try (InputStream in = LabConsole.class.getResourceAsStream("/console/" + resource)) {
                if (in == null) {
                    send(ex, 500, "text/plain", "missing resource " + resource);
                    return;
                }
                String type = resource.endsWith(".html")
                        ? "text/html; charset=utf-8"
                        : resource.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
                send(ex, 200, type, in.readAllBytes());
            }
        } catch (IOException | RuntimeException e) {
            // the page went away mid-answer, or a bug: never kill the server thread
            if (!(e instanceof IOException)) {
                System.err.println("lab console: " + e);
            }
        }
    }

    private void action(HttpExchange ex, String method, String path) throws IOException {
        if (!method.equals("POST")) {
            reply(ex, 405, false, "use POST");
            return;
        }
        String given = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        if (given == null
                || !MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            reply(ex, 403, false, "missing or wrong " + TOKEN_HEADER + ": open the URL the console printed at start");
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        try {
            switch (path) {
                case "/api/brokers/stop", "/api/brokers/start" -> broker(ex, path.endsWith("stop"), intParam(q, "id"));
                case "/api/consumers/start" -> {
                    int id = lab.startConsumer(
                            q.getOrDefault("topic", LabClients.DEFAULT_TOPIC),
                            q.getOrDefault("group", "console-group"),
                            q.getOrDefault("protocol", "consumer"),
                            q.getOrDefault("assignor", "uniform"),
                            intParam(q, "delayMs", 0));
                    reply(ex, 200, true, "started console-consumer-" + id, Map.of("id", id));
                }
                case "/api/consumers/stop" -> {
                    boolean stopped = lab.stopConsumer(intParam(q, "id"));
                    reply(ex, stopped ? 200 : 404, stopped, stopped ? "stopped" : "no such consumer");
                }
                case "/api/producers/start" -> {
                    int id = lab.startProducer(
                            q.getOrDefault("topic", LabClients.DEFAULT_TOPIC),
                            intParam(q, "rate", 10),
                            q.getOrDefault("acks", "all"));
                    reply(ex, 200, true, "started console-producer-" + id, Map.of("id", id));
                }
                case "/api/producers/stop" -> {
                    boolean stopped = lab.stopProducer(intParam(q, "id"));
                    reply(ex, stopped ? 200 : 404, stopped, stopped ? "stopped" : "no such producer");
                }
                default -> reply(ex, 404, false, "no such action " + path);
            }
        } catch (BadInputException e) {
            reply(ex, 400, false, e.getMessage());
        } catch (IllegalStateException | IllegalArgumentException e) {
            reply(ex, 409, false, e.getMessage());
        } catch (RuntimeException e) {
            // e.g. a client that cannot be created: the page shows the one line, the console keeps running
            reply(ex, 500, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void broker(HttpExchange ex, boolean stop, int id) throws IOException {
        if (control.isEmpty()) {
            reply(ex, 409, false, "this console watches an external cluster: it cannot stop or start its brokers");
            return;
        }
        watcher.busy(id, stop ? "stopping" : "starting");
        try {
            long t0 = System.nanoTime();
            if (stop) {
                control.get().stop(id);
            } else {
                control.get().start(id);
            }
            reply(
                    ex,
                    200,
                    true,
                    String.format(
                            "broker %d %s in %d ms",
                            id, stop ? "stopped" : "started", (System.nanoTime() - t0) / 1_000_000));
        } finally {
            watcher.busy(id, null);
        }
    }

    private boolean hostIsLocal(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        if (host == null) {
            return true; // HTTP/1.0 without Host: only a local program can have sent it
        }
        return Set.of(HOST + ":" + port(), "localhost:" + port()).contains(host.toLowerCase(java.util.Locale.ROOT));
    }

    private void reply(HttpExchange ex, int status, boolean ok, String message) throws IOException {
        reply(ex, status, ok, message, Map.of());
    }

    private void reply(HttpExchange ex, int status, boolean ok, String message, Map<String, Object> extra)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", ok);
        body.put(ok ? "message" : "error", message);
        body.putAll(extra);
        send(ex, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(
                ex,
                status,
                type + (type.contains("charset") ? "" : "; charset=utf-8"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v.trim());
        }
        return q;
    }

    private static int intParam(Map<String, String> q, String name) {
        if (!q.containsKey(name)) {
            throw new BadInputException("missing parameter " + name);
        }
        return intParam(q, name, 0);
    }

    private static int intParam(Map<String, String> q, String name, int dflt) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new BadInputException(name + " must be a whole number, was '" + v + "'");
        }
    }

    // ------------------------------------------------------------------------------------------------ main

    /** The console on its own, for any cluster (the usual connection flags); Ctrl-C stops it. */
    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("LabConsole")
                .withValue("--port", "port of the web page on 127.0.0.1 (default " + DEFAULT_PORT + ")");
        DemoMain.run(spec, args, 3, kafka -> {
            int port = kafka.commandLine().intValue("--port", DEFAULT_PORT, 0, 65535);
            LabConsole console = startOnPort(
                    kafka.clientProperties(),
                    kafka.embeddedCluster().map(BrokerControl::of).orElse(null),
                    port);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                console.close();
                                kafka.close();
                                stopped.countDown();
                            },
                            "lab-console-stop"));
            printBanner(console);
            System.out.println("Press Ctrl-C to stop.");
            stopped.await();
        });
    }

    /** Starts the console; a port taken or refused is a {@link BadInputException} saying so in one line. */
    private static LabConsole startOnPort(Properties clientProperties, BrokerControl control, int port) {
        try {
            return start(clientProperties, control, port);
        } catch (BindException e) {
            throw new BadInputException("port " + port + " on " + HOST + " is taken (another console?): pick another "
                    + "with --console-port/--port");
        } catch (IOException e) {
            throw new BadInputException("cannot start the lab console on " + HOST + ":" + port + ": " + e.getMessage());
        }
    }

    /** The lines a main prints: where the page is (with its token). */
    public static void printBanner(LabConsole console) {
        System.out.println();
        System.out.println("Lab console (only this machine can open it; the token lets the page's buttons act):");
        System.out.println("  " + console.url());
        System.out.println();
    }
}
