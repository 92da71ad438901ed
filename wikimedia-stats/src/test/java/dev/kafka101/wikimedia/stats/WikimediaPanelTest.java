package dev.kafka101.wikimedia.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kafka101.local.console.LabConsole;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import dev.kafka101.wikimedia.ReplayServer;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lab console's Wikimedia panel on the real topic and group names: its JSON, and the page in headless Chromium
 * (skipped, with one line, where Chromium or chromedriver is missing). The stats consumer runs in this JVM
 * (exactly-once, so the offsets move with every stats record); stopping it is {@code wakeup()}, as Ctrl-C does.
 */
@EmbeddedKafka
class WikimediaPanelTest {
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static LabConsole console;
    private static StatsJob job;
    /** What wikimedia.recentchange holds: the known counts of every replay so far, per wiki. */
    private static final Map<String, Long> truth = new TreeMap<>();

    private static long round;

    /** The stats consumer on a thread of this JVM, started and stopped by the tests. */
    private static final class StatsJob {
        private final KafkaTestCluster kafka;
        private StatsRun.Stopper stop;
        private CompletableFuture<StatsRun.Summary> running;

        StatsJob(KafkaTestCluster kafka) {
            this.kafka = kafka;
        }

        synchronized void start() {
            if (running == null) {
                stop = new StatsRun.Stopper();
                StatsRun.Stopper s = stop;
                running = CompletableFuture.supplyAsync(() -> WikimediaStatsConsumer.run(
                        StatsRun.Options.defaults().exactlyOnce(true),
                        kafka.clientProperties(),
                        new PrintStream(OutputStream.nullOutputStream()),
                        s));
            }
        }

        synchronized void stop() throws Exception {
            if (running != null) {
                stop.stop(); // wakeup(): the last stats and offsets committed, then closed
                running.get(30, java.util.concurrent.TimeUnit.SECONDS);
                running = null;
            }
        }
    }

    @BeforeAll
    static void replayAndStart(KafkaTestCluster kafka) throws IOException {
        kafka.createTopic(WikimediaStatsConsumer.INPUT, 3, 1, Map.of());
        kafka.createTopic(WikimediaStatsConsumer.INPUT + ".dlq", 1, 1, Map.of());
        kafka.createTopic(WikimediaStatsConsumer.OUTPUT, 1, 1, Map.of());
        SyntheticRecentChanges sample = new SyntheticRecentChanges(1500, 100, 250);
        replay(kafka, sample, n -> !sample.isCanary(n) && !sample.isMalformed(n), 0);
        job = new StatsJob(kafka);
        job.start();
        console = LabConsole.start(kafka.clientProperties(), null, 0);
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (job != null) {
            job.stop();
        }
        if (console != null) {
            console.close();
        }
    }

    /** Replays a sample through the real producer and adds its valid events (its known counts) to the truth. */
    private static void replay(KafkaTestCluster kafka, ReplayServer.Sample sample, LongPredicate valid, int rate) {
        StatsTopics.replay(kafka.clientProperties(), WikimediaStatsConsumer.INPUT, sample, rate);
        addToTruth(sample, valid);
    }

    private static synchronized void addToTruth(ReplayServer.Sample sample, LongPredicate valid) {
        for (long n = 0; n < sample.size(); n++) {
            if (valid.test(n)) {
                truth.merge(StatsTopics.json(sample.data(n)).get("wiki").asText(), 1L, Long::sum);
            }
        }
    }

    /** Another replay of {@code events} valid events: later positions of the same generator (new ids, new wikis mix). */
    private static void replayMore(KafkaTestCluster kafka, int events, int rate) {
        long from = ++round * 100_000;
        List<String> data = new ArrayList<>();
        for (long n = 0; n < events; n++) {
            data.add(SyntheticRecentChanges.event(from + n, 0, 0));
        }
        replay(kafka, ReplayServer.Sample.of(data), n -> true, rate);
    }

    private static synchronized long truthTotal() {
        return truth.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The truth's top wikis as the panel orders them: by count, then by name. */
    private static synchronized Map<String, Long> truthTop() {
        Map<String, Long> top = new TreeMap<>();
        truth.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    static JsonNode panel() {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/snapshot"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return StatsTopics.json(r.body()).path("wikimedia");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Long> top(JsonNode panel) {
        Map<String, Long> m = new TreeMap<>();
        panel.path("topWikis")
                .forEach(r -> m.put(r.get("wiki").asText(), r.get("events").asLong()));
        return m;
    }

    @Tag("claim")
    @Test
    void panelTotalsAfterAReplayEqualTheKnownCounts() {
        job.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode p = panel();
            assertThat(p.path("events").asLong()).isEqualTo(truthTotal());
            assertThat(p.path("inputRecords").asLong()).isEqualTo(truthTotal());
            assertThat(top(p)).isEqualTo(truthTop());
            assertThat(p.path("lag").asLong(-1)).isZero();
        });
        JsonNode p = panel();
        System.out.printf(
                "panel: %d events counted = %d known; top wikis %s; bots %d, humans %d, types %s; lag %s%n",
                p.get("events").asLong(),
                truthTotal(),
                top(p),
                p.get("bots").asLong(),
                p.get("humans").asLong(),
                p.get("byType"),
                p.get("lag"));
        assertThat(p.get("bots").asLong() + p.get("humans").asLong()).isEqualTo(truthTotal());
        assertThat(p.get("bad").asLong()).isZero();
        assertThat(p.get("series").size()).isPositive();
    }

    @Tag("claim")
    @Test
    void panelLagGrowsWhileTheStatsConsumerIsStoppedAndDrainsWhenItRestarts(KafkaTestCluster kafka) throws Exception {
        job.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> panel().path("lag").asLong(-1) == 0
                        && panel().path("events").asLong() == truthTotal());
        job.stop();
        long before = truthTotal();
        List<Long> seen = new ArrayList<>();
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> replayMore(kafka, 600, 300)); // 2 s
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    long lag = panel().path("lag").asLong(-1);
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != lag) {
                        seen.add(lag);
                    }
                    return feed.isDone() && lag == 600;
                });
        System.out.println("panel: lag while the stats consumer was stopped: " + seen);
        assertThat(seen)
                .as("lag values seen, in order")
                .isSorted()
                .hasSizeGreaterThanOrEqualTo(2)
                .endsWith(600L);
        assertThat(panel().path("events").asLong())
                .as("nothing counted while stopped")
                .isEqualTo(before);

        job.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> panel().path("lag").asLong(-1) == 0
                        && panel().path("events").asLong() == truthTotal());
        assertThat(top(panel())).isEqualTo(truthTop());
    }

    @Test
    void pageShowsTheKnownCountsAndTheLagGrowingWhenTheStatsConsumerStops(KafkaTestCluster kafka, @TempDir Path profile)
            throws Exception {
        Optional<String> chromium =
                CHROMIUM.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
        assumeTrue(
                chromium.isPresent() && Files.isExecutable(Path.of(CHROMEDRIVER)),
                "chromium or chromedriver not installed (apt-get install -y chromium chromium-driver): browser test skipped");
        job.start();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1400,1600",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(console.url());
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(d -> {
                Map<String, Object> p = page(d);
                return Boolean.FALSE.equals(p.get("hidden"))
                        && String.valueOf(truthTotal()).equals(p.get("events"))
                        && String.valueOf(truthTotal()).equals(p.get("input"))
                        && "0".equals(p.get("lag"))
                        && truthTop().equals(shownTop(p));
            });
            System.out.println(
                    "page: shows " + page(driver).get("events") + " events, top wikis " + shownTop(page(driver)));

            job.stop();
            List<Long> shown = new ArrayList<>();
            CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> replayMore(kafka, 400, 200)); // 2 s
            wait.until(d -> {
                String lag = (String) page(d).get("lag");
                long value = lag == null || lag.isEmpty() ? -1 : Long.parseLong(lag);
                if (shown.isEmpty() || shown.get(shown.size() - 1) != value) {
                    shown.add(value);
                }
                return feed.isDone() && value == 400;
            });
            System.out.println("page: lag shown while the stats consumer was stopped: " + shown);
            assertThat(shown).isSorted().hasSizeGreaterThanOrEqualTo(2).endsWith(400L);
        } finally {
            driver.quit();
            job.start();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> page(WebDriver driver) {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("""
                const q = (s) => document.querySelector(s);
                return {
                  hidden: q('#wikimedia-section').hidden,
                  events: q('#wm-events') ? q('#wm-events').dataset.value : null,
                  input: q('#wm-input') ? q('#wm-input').dataset.value : null,
                  lag: q('#wm-lag') ? q('#wm-lag').dataset.value : null,
                  wikis: [...document.querySelectorAll('#wm-wikis tr[data-wiki]')].map((r) => [r.dataset.wiki, r.dataset.count])
                };""");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> shownTop(Map<String, Object> page) {
        Map<String, Long> m = new TreeMap<>();
        for (Object row : (List<Object>) page.get("wikis")) {
            List<Object> r = (List<Object>) row;
            m.put((String) r.get(0), Long.parseLong((String) r.get(1)));
        }
        return m;
    }
}
