package dev.kafka101.wikimedia;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client does when the HTTP side says no: 403 stops at once, 429 and 5xx are retried with backoff. */
@EmbeddedKafka
class WikimediaStreamErrorsTest {
    /** Wikimedia's policy: {@code Tool/version (contact) library/version}. */
    static final String POLICY_USER_AGENT = "^[A-Za-z0-9._-]+/[0-9.]+ \\([^)]+\\)( [A-Za-z0-9._-]+/[0-9.]+)+$";

    @Tag("claim")
    @Test
    void forbiddenStopsWithOneLineErrorAndNonZeroExitInsteadOfRetrying(KafkaTestCluster kafka) throws Exception {
        try (MockWebServer wikimedia = new MockWebServer()) {
            for (int i = 0; i < 5; i++) {
                wikimedia.enqueue(new MockResponse().setResponseCode(403).setBody("Please set a user-agent"));
            }
            wikimedia.start();
            String url = wikimedia.url(ReplayServer.PATH).toString();
            try (JavaProcess producer = JavaProcess.start(
                    WikimediaChangesProducer.class,
                    List.of("-Xmx256m"),
                    "--bootstrap-server",
                    kafka.bootstrapServers(),
                    "--topic",
                    kafka.uniqueTopicName(),
                    "--live",
                    "--contact",
                    "kafka101-lab@example.org",
                    "--url",
                    url)) {
                int code = producer.waitFor(Duration.ofSeconds(60));
                System.out.printf(
                        "exit %d after %d ms, %d request(s); stderr:%n%s%n",
                        code, producer.elapsed().toMillis(), wikimedia.getRequestCount(), producer.stderr());
                assertThat(code).isNotZero();
                assertThat(producer.stderr()
                                .lines()
                                .filter(l -> l.startsWith("error: "))
                                .toList())
                        .singleElement()
                        .asString()
                        .contains("HTTP 403")
                        .contains("User-Agent");
                assertThat(producer.stderr()).doesNotContain("\tat ").doesNotContain("Exception in thread");
            }
            assertThat(wikimedia.getRequestCount())
                    .as("requests: a 403 is not retried")
                    .isEqualTo(1);
            RecordedRequest request = wikimedia.takeRequest(1, TimeUnit.SECONDS);
            System.out.println("User-Agent: " + request.getHeader("User-Agent"));
            assertThat(request.getHeader("User-Agent"))
                    .matches(POLICY_USER_AGENT)
                    .startsWith(WikimediaChangesProducer.PRODUCT)
                    .contains("(kafka101-lab@example.org)")
                    .contains("okhttp-eventsource/");
            assertThat(request.getHeader("Accept")).isEqualTo("text/event-stream");
        }
    }

    @Tag("claim")
    @Test
    void tooManyRequestsAndServerErrorsAreRetriedWithBackoff(KafkaTestCluster kafka) throws IOException {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(20, 0, 0);
        StringBuilder body = new StringBuilder(":ok\n\n");
        for (long n = 0; n < sample.size(); n++) {
            body.append("event: message\nid: ")
                    .append(ReplayServer.idOf(n))
                    .append("\ndata: ")
                    .append(sample.data(n))
                    .append("\n\n");
        }
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        try (MockWebServer wikimedia = new MockWebServer()) {
            wikimedia.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    arrivals.add(System.nanoTime());
                    return switch (arrivals.size()) {
                        case 1 -> new MockResponse().setResponseCode(503);
                        case 2 -> new MockResponse().setResponseCode(429);
                        case 3 -> new MockResponse().setResponseCode(502);
                        default ->
                            new MockResponse()
                                    .setHeader("Content-Type", "text/event-stream")
                                    .setBody(body.toString());
                    };
                }
            });
            wikimedia.start();
            String topic = WikimediaChangeHandlerTest.topicWithDlq(kafka);
            long base = 200;
            WikimediaChangesProducer.Options o = new WikimediaChangesProducer.Options(
                    topic,
                    wikimedia.url(ReplayServer.PATH).uri(),
                    ReplayServer.idOf(19),
                    WikimediaChangesProducer.userAgent("test"),
                    0,
                    null,
                    null,
                    false,
                    WikimediaChangesProducer.COMPRESSION,
                    base,
                    Map.of());
            WikimediaChangesProducer.Outcome outcome = WikimediaChangeHandlerTest.run(o, kafka);

            List<Long> gapsMs = List.of(
                    ms(arrivals.get(1) - arrivals.get(0)),
                    ms(arrivals.get(2) - arrivals.get(1)),
                    ms(arrivals.get(3) - arrivals.get(2)));
            System.out.printf(
                    "503, 429, 502, 200: waits before each retry %s ms (base %d ms, doubling, jitter up to -50%%)%n",
                    gapsMs, base);
            assertThat(outcome.ok()).as(outcome.error()).isTrue();
            assertThat(outcome.acked()).isEqualTo(20);
            assertThat(arrivals).hasSizeGreaterThanOrEqualTo(4);
            // backoff: the n-th retry waits between base*2^n/2 and base*2^n
            assertThat(gapsMs.get(0)).isGreaterThanOrEqualTo(base / 2 - 10);
            assertThat(gapsMs.get(1)).isGreaterThanOrEqualTo(base - 10);
            assertThat(gapsMs.get(2)).isGreaterThanOrEqualTo(2 * base - 10);
            assertThat(Topic.readAll(kafka.clientProperties(), topic)).hasSize(20);
        }
    }

    /**
     * No network (or a misspelt --url): a host that does not resolve before the first connection stops the run at
     * once, with one line and a non-zero exit, and no resume point is claimed as saved.
     */
    @Test
    void unresolvableHostFailsFastWithOneLineNonZeroExitAndNoResumePoint(KafkaTestCluster kafka, @TempDir Path dir) {
        Path resume = dir.resolve("live.last-event-id");
        try (JavaProcess producer = JavaProcess.start(
                WikimediaChangesProducer.class,
                List.of("-Xmx256m"),
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                kafka.uniqueTopicName(),
                "--live",
                "--contact",
                "kafka101-lab@example.org",
                "--url",
                "http://stream.kafka101-lab.invalid/v2/stream",
                "--duration",
                "60",
                "--resume-file",
                resume.toString())) {
            int code = producer.waitFor(Duration.ofSeconds(50)); // < --duration: it did not retry until then
            System.out.printf(
                    "unresolvable host: exit %d after %d ms%nstdout:%n%sstderr:%n%s",
                    code, producer.elapsed().toMillis(), producer.stdout(), producer.stderr());
            assertThat(code).isEqualTo(2);
            assertThat(producer.stderr().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("error: never reached the stream: cannot resolve the host stream.kafka101-lab.invalid");
            assertThat(producer.stdout()).doesNotContain("saved in").contains("no resume point saved");
            assertThat(resume).doesNotExist();
        }
    }

    /**
     * A stream that refuses every connection for the whole --duration: the run ends non-zero with one line saying it
     * never reached the stream (it used to print a resume point "null" as saved and exit 0).
     */
    @Test
    void runThatNeverReachesTheStreamExitsNonZeroWithOneLineAndSavesNothing(KafkaTestCluster kafka, @TempDir Path dir)
            throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed: connection refused
        }
        Path resume = dir.resolve("live.last-event-id");
        try (JavaProcess producer = JavaProcess.start(
                WikimediaChangesProducer.class,
                List.of("-Xmx256m"),
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                kafka.uniqueTopicName(),
                "--live",
                "--contact",
                "kafka101-lab@example.org",
                "--url",
                "http://127.0.0.1:" + closedPort + "/v2/stream",
                "--duration",
                "3",
                "--resume-file",
                resume.toString())) {
            int code = producer.waitFor(Duration.ofSeconds(60));
            System.out.printf(
                    "connection refused for 3 s: exit %d after %d ms%nstdout:%n%sstderr:%n%s",
                    code, producer.elapsed().toMillis(), producer.stdout(), producer.stderr());
            assertThat(code).isEqualTo(2);
            assertThat(producer.stderr().lines().toList())
                    .singleElement()
                    .asString()
                    .startsWith("error: never reached the stream at 127.0.0.1 (--duration 3 s reached, last error: ");
            assertThat(producer.stdout()).doesNotContain("saved in").contains("no resume point saved");
            assertThat(resume).doesNotExist();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
