package dev.kafka101.wikimedia;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.DefaultRetryDelayStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.HttpConnectStrategy;
import com.launchdarkly.eventsource.StreamHttpErrorException;
import com.launchdarkly.eventsource.background.BackgroundEventSource;
import com.launchdarkly.eventsource.background.ConnectionErrorHandler;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wikimedia recent changes (SSE) into Kafka: an offline replay of synthetic events by default, the real stream with
 * {@code --live}; safe (nothing acknowledged is lost, nothing duplicated by retries), fast, and resumable.
 * Run: {@code ./mvnw -q -pl wikimedia-producer -am compile exec:java} (live: {@code -Dexec.args="--live --contact you@example.org"}).
 * Proven by {@code WikimediaChangeHandlerTest}, {@code WikimediaStreamErrorsTest}, {@code WikimediaKafkaDownTest}.
 *
 * <p><b>Compression: lz4.</b> Measured with {@code WikimediaReplayBenchmark} (100 000 synthetic events, 94.5 MB of
 * JSON, replayed as fast as possible; replay server, SSE client, producer and broker in one JVM; two runs on 2 cores
 * shared with other builds — the JVM got only 11–18 % of them, so compare CPU per event, not events/s):
 * <pre>
 * compression  stored   ratio (producer)  events/s   CPU per event  handler thread CPU (JSON check + send + compress)
 * none         96.4 MB  1.0x              1967/4253  72–116 µs      0.74–1.19 s
 * lz4          27.4 MB  3.0–3.3x          6138/3500  59–82 µs       0.89–1.11 s
 * zstd         16.5 MB  4.4–4.9x          2501/1472  107–211 µs     2.08–4.35 s
 * </pre>
 * zstd stores 40 % less than lz4 but costs 2–4 times the CPU in the single handler thread and the most CPU per
 * event overall: at 2 full cores that caps it below the 20 000 events/s goal, while lz4 (≈ 60–80 µs per event)
 * stays above it. lz4 costs about what no compression costs (59–82 vs 72–116 µs: the broker and the network handle
 * 3x fewer bytes, which pays for compressing) and stores 3.5x less. For the live stream (tens of events per second)
 * any choice keeps up; {@code --compression zstd} when disk matters more.
 */
public final class WikimediaChangesProducer {
    public static final String TOPIC = "wikimedia.recentchange";
    public static final String LIVE_URL = "https://stream.wikimedia.org/v2/stream/recentchange";
    /** The compression kept after measuring (see the class comment). */
    public static final String COMPRESSION = "lz4";

    public static final String PRODUCT = "Kafka101Lab-WikimediaProducer/1.0";

    private WikimediaChangesProducer() {}

    /** Everything one run needs; {@link #main} builds it from the flags, tests build it directly. */
    public record Options(
            String topic,
            URI uri,
            String endId,
            String userAgent,
            long maxEvents,
            Duration duration,
            Path resumeFile,
            boolean ignoreResumeFile,
            String compression,
            long retryMillis,
            Map<String, String> producerOverrides) {
        public Options withMaxEvents(long n) {
            return new Options(
                    topic,
                    uri,
                    endId,
                    userAgent,
                    n,
                    duration,
                    resumeFile,
                    ignoreResumeFile,
                    compression,
                    retryMillis,
                    producerOverrides);
        }
    }

    /** How a run ended. {@code error} is one line, null when all went well. */
    public record Outcome(
            long received,
            long acked,
            long canaries,
            long malformed,
            long dlq,
            long sendErrors,
            long connections,
            String lastAckedId,
            String stopReason,
            String error,
            long bytesIn,
            double bytesOut,
            double compressionRate) {
        public boolean ok() {
            return error == null;
        }
    }

    public static void main(String[] args) {
        // the flags are checked before any cluster starts: bad input costs milliseconds, not a cluster start
        CommandLine spec = spec().withCheck(cli -> plan(cli, true));
        DemoMain.run(spec, args, kafka -> {
            Plan plan = plan(kafka.commandLine(), false);
            run(plan.options(), plan.replay(), kafka);
        });
    }

    private static CommandLine spec() {
        return CommandLine.spec("WikimediaChangesProducer")
                .withSwitch("--live", "read the real stream " + LIVE_URL + " (needs --contact)")
                .withValue("--contact", "with --live: your URL or e-mail, put in the User-Agent (Wikimedia's policy)")
                .withValue(
                        "--since", "with --live: start at this time, epoch ms or ISO-8601 (the stream keeps ~7 days)")
                .withValue("--url", "with --live: another SSE address (a mirror, a test server)")
                .withValue("--events", "offline: replay N generated synthetic events instead of the bundled 60")
                .withValue(
                        "--rate", "offline: events per second, 0 = as fast as possible (default 25; 0 with --events)")
                .withValue("--drop-every", "offline: the replay server cuts the connection after every N events")
                .withValue("--max-events", "stop after N stream events (canaries and malformed ones count)")
                .withValue("--duration", "stop after S seconds")
                .withValue(
                        "--resume-file",
                        "keep the last acknowledged event id here; a restart resumes after it"
                                + " (default with --live: wikimedia-live.last-event-id)")
                .withValue(
                        "--compression",
                        "producer compression.type: none, gzip, snappy, lz4, zstd (default " + COMPRESSION + ")")
                .withValue("--topic", "topic to write (default " + TOPIC + "; malformed events go to <topic>.dlq)");
    }

    /** What to run, and the offline replay server if there is one. */
    private record Plan(Options options, ReplayServer replay) {}

    /** The run's options from the flags; {@code dryRun} only checks them (no replay server is started). */
    private static Plan plan(CommandLine cli, boolean dryRun) {
        boolean live = cli.isOn("--live");
        String topic = cli.value("--topic", TOPIC);
        long maxEvents = cli.longValue("--max-events", 0, 1, Long.MAX_VALUE);
        long seconds = cli.longValue("--duration", 0, 1, 365L * 24 * 3600);
        Duration duration = seconds == 0 ? null : Duration.ofSeconds(seconds);
        String compression = cli.value("--compression", COMPRESSION);
        if (!java.util.List.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
            throw new BadInputException(
                    "--compression must be none, gzip, snappy, lz4 or zstd, was '" + compression + "'");
        }
        if (live) {
            for (String offlineOnly : new String[] {"--events", "--rate", "--drop-every"}) {
                if (cli.value(offlineOnly).isPresent()) {
                    throw new BadInputException(offlineOnly + " is for the offline replay, not with --live");
                }
            }
            String contact = cli.value("--contact")
                    .orElseThrow(() -> new BadInputException(
                            "--live needs --contact <your URL or e-mail>: Wikimedia's User-Agent policy asks for a way to"
                                    + " reach you and answers 403 to clients without one"));
            URI uri = withSince(
                    URI.create(cli.value("--url", LIVE_URL)),
                    cli.value("--since").orElse(null));
            Path resume = Path.of(cli.value("--resume-file", "wikimedia-live.last-event-id"));
            return new Plan(
                    new Options(
                            topic,
                            uri,
                            null,
                            userAgent(contact),
                            maxEvents,
                            duration,
                            resume,
                            cli.value("--since").isPresent(),
                            compression,
                            1000,
                            Map.of()),
                    null);
        } else {
            for (String liveOnly : new String[] {"--contact", "--since", "--url"}) {
                if (cli.value(liveOnly).isPresent()) {
                    throw new BadInputException(liveOnly + " only applies to --live");
                }
            }
            long events = cli.longValue("--events", 0, 1, 100_000_000);
            int rate = cli.intValue("--rate", events > 0 ? 0 : 25, 0, 10_000_000);
            long dropEvery = cli.longValue("--drop-every", 0, 1, Long.MAX_VALUE);
            ReplayServer.Sample sample =
                    events > 0 ? new SyntheticRecentChanges(events, 1000, 5000) : SyntheticRecentChanges.bundled();
            if (dryRun) {
                return null;
            }
            ReplayServer replay = ReplayServer.start(sample, rate, dropEvery);
            System.out.printf(
                    "Offline replay: %,d synthetic events from %s, %s%s%n",
                    sample.size(),
                    replay.uri(),
                    rate == 0 ? "as fast as possible" : rate + " events/s",
                    dropEvery > 0 ? ", connection cut every " + dropEvery + " events" : "");
            Path resume = cli.value("--resume-file").map(Path::of).orElse(null);
            return new Plan(
                    new Options(
                            topic,
                            replay.uri(),
                            replay.lastId(),
                            userAgent("offline replay"),
                            maxEvents,
                            duration,
                            resume,
                            false,
                            compression,
                            1000,
                            Map.of()),
                    replay);
        }
    }

    private static void run(Options options, ReplayServer replay, KafkaConnection kafka) {
        Outcome outcome;
        try {
            Topics.ensure(kafka.clientProperties(), options.topic(), 3, 3);
            Topics.ensure(kafka.clientProperties(), options.topic() + ".dlq", 1, 3);
            outcome = run(options, kafka.clientProperties(), System.out);
        } catch (BadInputException | org.apache.kafka.common.KafkaException e) {
            throw new BadInputException(WikimediaChangeHandler.oneLine(e), e);
        } finally {
            if (replay != null) {
                replay.close(); // its HTTP dispatcher thread would keep the JVM alive
            }
        }
        if (!outcome.ok()) {
            throw new BadInputException(outcome.error());
        }
    }

    /** Wikimedia's User-Agent policy: {@code Tool/version (contact) library/version}. */
    public static String userAgent(String contact) {
        String sse = EventSource.class.getPackage().getImplementationVersion();
        return PRODUCT + " (" + contact + ") okhttp-eventsource/" + (sse == null ? "4" : sse) + " okhttp/"
                + okhttp3.OkHttp.VERSION;
    }

    /** The producer's settings, each one visible with what it does. */
    public static Properties producerProperties(Properties connection, String compression) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()); // key: the wiki, e.g. "enwiki"
        props.setProperty(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()); // value: the event's JSON as received
        props.setProperty(
                ProducerConfig.CLIENT_ID_CONFIG, "wikimedia-producer"); // names this client in broker logs and metrics
        // Safe: what Kafka acknowledged is on every in-sync replica, and retries neither duplicate nor reorder.
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all"); // acknowledged = written by all in-sync replicas
        props.setProperty(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // the broker drops a retried batch it already has
        props.setProperty(
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"); // the most idempotence keeps in order
        props.setProperty(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000"); // a broker silent for 15 s: retry the request
        props.setProperty(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                "30000"); // retry for up to 30 s, then report the record failed
        // High throughput: fewer, bigger, compressed requests.
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "20"); // wait up to 20 ms to fill a batch (4.x default 5)
        props.setProperty(
                ProducerConfig.BATCH_SIZE_CONFIG,
                String.valueOf(128 * 1024)); // up to 128 KiB per partition batch (default 16 KiB)
        props.setProperty(
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                compression); // lz4: JSON shrinks ~3x for little CPU (class comment)
        return props;
    }

    /**
     * The notes' {@code EventSource.Builder(handler, uri)} on the 4.x API: HTTP settings on {@link ConnectStrategy},
     * stream settings on {@link EventSource.Builder}, push-style delivery by {@link BackgroundEventSource}.
     */
    static BackgroundEventSource openStream(
            WikimediaChangeHandler handler,
            URI uri,
            String userAgent,
            String lastEventId,
            long retryMillis,
            PrintStream out) {
        HttpConnectStrategy http = ConnectStrategy.http(uri)
                .header("User-Agent", userAgent) // Wikimedia answers 403 without a policy-conforming one
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS); // the library's default 5 s is too short for a quiet stream
        EventSource.Builder stream = new EventSource.Builder(http)
                .retryDelay(retryMillis, TimeUnit.MILLISECONDS) // first reconnect after ~1 s ...
                .retryDelayStrategy(DefaultRetryDelayStrategy.defaultStrategy()
                        .maxDelay(30, TimeUnit.SECONDS)) // ... doubling (with jitter) up to 30 s
                .readBufferSize(64 * 1024); // default 1000 bytes: one event would need 2 reads
        if (lastEventId != null) {
            stream.lastEventId(lastEventId); // sent as Last-Event-ID: the server resumes after this event
        }
        // 4xx other than 429 will not get better by retrying (403 = User-Agent refused): stop with one line.
        // A host name that does not resolve before the first connection: no network or a misspelt --url; stop too.
        // 429 and 5xx, dropped connections, timeouts: reconnect with backoff, Last-Event-ID = the last event read.
        ConnectionErrorHandler onConnectionError = t -> {
            if (handler.stats().connections.sum() == 0 && causedBy(t, java.net.UnknownHostException.class)) {
                handler.fail("never reached the stream: cannot resolve the host " + uri.getHost()
                        + " (no network, or a misspelt --url?); not retrying");
                return ConnectionErrorHandler.Action.SHUTDOWN;
            }
            if (t instanceof StreamHttpErrorException e
                    && e.getCode() >= 400
                    && e.getCode() < 500
                    && e.getCode() != 429) {
                handler.fail("the stream at " + uri.getHost() + " answered HTTP " + e.getCode()
                        + (e.getCode() == 403
                                ? " Forbidden (Wikimedia refuses clients without a policy-conforming"
                                        + " User-Agent; sent: " + userAgent + ")"
                                : "")
                        + "; not retrying");
                return ConnectionErrorHandler.Action.SHUTDOWN;
            }
            out.printf(
                    "%nstream: %s; reconnecting with backoff%n",
                    t instanceof StreamHttpErrorException e
                            ? "HTTP " + e.getCode()
                            : WikimediaChangeHandler.oneLine(t));
            return ConnectionErrorHandler.Action.PROCEED;
        };
        return new BackgroundEventSource.Builder(handler, stream)
                .connectionErrorHandler(onConnectionError)
                .maxEventTasksInFlight(10_000) // the reader waits while 10 000 events await the handler: bounded memory
                .threadBaseName("wikimedia")
                .build();
    }

    /** Streams into Kafka until the sample ends, a limit is reached, an error stops it, or Ctrl-C. */
    public static Outcome run(Options o, Properties connection, PrintStream out) {
        Properties props = producerProperties(connection, o.compression());
        props.putAll(o.producerOverrides());
        ResumeFile resume = o.resumeFile() == null ? null : new ResumeFile(o.resumeFile());
        String resumeFrom =
                resume == null || o.ignoreResumeFile() ? null : resume.read().orElse(null);
        if (resumeFrom != null) {
            out.println("Resuming after the stored event id " + resumeFrom + " (" + resume.path() + ")");
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        WikimediaChangeHandler handler = new WikimediaChangeHandler(
                producer, o.topic(), o.topic() + ".dlq", o.maxEvents(), o.endId(), resumeFrom);
        StatusLine status = new StatusLine(handler.stats(), producer, out);
        BackgroundEventSource source = openStream(handler, o.uri(), o.userAgent(), resumeFrom, o.retryMillis(), out);
        CompletableFuture<String> stop = handler.finished(); // completed by the handler, the timer or Ctrl-C
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wikimedia-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(status::tick, 1, 1, TimeUnit.SECONDS);
        if (resume != null) {
            timer.scheduleWithFixedDelay(() -> resume.write(handler.lastAckedId()), 100, 100, TimeUnit.MILLISECONDS);
        }
        String durationReached =
                o.duration() == null ? null : "--duration " + o.duration().toSeconds() + " s reached";
        if (o.duration() != null) {
            timer.schedule(() -> stop.complete(durationReached), o.duration().toMillis(), TimeUnit.MILLISECONDS);
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.complete("interrupted (Ctrl-C)");
                    try {
                        closed.await(40, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "wikimedia-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String reason = "error";
        String summary;
        double bytesOut;
        double compressionRate;
        try {
            out.printf("Streaming %s -> topic %s (key: wiki), User-Agent: %s%n", o.uri(), o.topic(), o.userAgent());
            source.start();
            try {
                reason = stop.join();
            } catch (CompletionException e) {
                reason = "error";
            }
        } finally {
            boolean interrupted = reason.startsWith("interrupted");
            handler.stop(); // events still in the client's queue are not sent (so not in the resume point)
            source.close(); // 1. the stream: no new events
            if (!interrupted) {
                producer.flush(); // 2. every record sent so far is acknowledged, or failed after delivery.timeout.ms
            }
            summary = status.summary();
            bytesOut = status.metric("outgoing-byte-total");
            compressionRate = status.metric("compression-rate-avg");
            // 3. close: waits for what is still in flight (on Ctrl-C at most 5 s: an embedded cluster is stopping
            //    at the same moment; what is then not acknowledged is reported failed, and the resume point stays
            //    before it), then frees the producer's thread, sockets and memory
            producer.close(Duration.ofSeconds(interrupted ? 5 : 10));
            timer.shutdownNow();
            if (resume != null) {
                resume.write(handler.lastAckedId()); // 4. the resume point, after the last acknowledgement
            }
            closed.countDown();
            // when the JVM is shutting down the hook is running, and it waited for 'closed'
            CtrlC.removeHookQuietly(hook);
        }
        WikimediaChangeHandler.Stats s = handler.stats();
        String error = handler.firstError();
        if (error == null && s.connections.sum() == 0 && reason.equals(durationReached)) {
            // the whole --duration spent reconnecting: the run did not do its job
            error = "never reached the stream at " + o.uri().getHost() + " (" + reason + ", last error: "
                    + handler.lastStreamError() + ")";
        }
        out.printf(
                "%n%s%nStopped: %s. %,d stream events: %,d acknowledged in %s, %,d canaries dropped, %,d malformed"
                        + " (%,d acknowledged in %s.dlq), %,d send errors, %d connection(s).%n",
                summary,
                error == null ? reason : "error",
                s.received.get(),
                s.acked.sum(),
                o.topic(),
                s.canaries.sum(),
                s.malformed.sum(),
                s.dlq.sum(),
                o.topic(),
                s.sendErrors.sum(),
                s.connections.sum());
        if (resume != null) {
            // only what was written: nothing acknowledged (and nothing resumed from) means no file
            String id = handler.lastAckedId();
            if (id == null) {
                out.printf("No event acknowledged: no resume point saved (%s not written)%n", resume.path());
            } else if (id.equals(resumeFrom)) {
                out.printf("Resume point %s unchanged in %s%n", id, resume.path());
            } else {
                out.printf("Resume point %s saved in %s%n", id, resume.path());
            }
        }
        return new Outcome(
                s.received.get(),
                s.acked.sum(),
                s.canaries.sum(),
                s.malformed.sum(),
                s.dlq.sum(),
                s.sendErrors.sum(),
                s.connections.sum(),
                handler.lastAckedId(),
                reason,
                error,
                s.bytesIn.sum(),
                bytesOut,
                compressionRate);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ?since=} for the live stream: epoch milliseconds or an ISO-8601 date/time. */
    static URI withSince(URI uri, String since) {
        if (since == null) {
            return uri;
        }
        String s = since.trim();
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                Long.parseLong(s);
            } else if (s.length() == 10) {
                LocalDate.parse(s);
            } else {
                Instant.parse(s);
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new BadInputException("--since must be epoch milliseconds or ISO-8601 (2026-01-15 or"
                    + " 2026-01-15T10:00:00Z), was '" + since + "'");
        }
        String sep = uri.getQuery() == null ? "?" : "&";
        return URI.create(uri + sep + "since=" + URLEncoder.encode(s, StandardCharsets.UTF_8));
    }
}
