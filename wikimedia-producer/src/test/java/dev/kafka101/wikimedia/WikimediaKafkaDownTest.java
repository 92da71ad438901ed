package dev.kafka101.wikimedia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.EmbeddedKafkaCluster;
import dev.kafka101.local.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away mid-stream: on a cluster of its own (the shared one must stay up for the other tests), so the
 * broker can be stopped while the producer is sending, then started again to look at what it kept.
 */
class WikimediaKafkaDownTest {

    @Tag("claim")
    @Test
    void kafkaDownMakesSendsFailVisiblyAndNothingUnacknowledgedIsReportedSent(@TempDir Path dir) throws Exception {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(10_000, 0, 0);
        Path resumeFile = dir.resolve("last-event-id");
        String topic = "wikimedia.kafka-down";
        try (EmbeddedKafkaCluster cluster =
                EmbeddedKafkaCluster.builder().brokers(1).build().start()) {
            Properties connection = new Properties();
            connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            Topics.ensure(connection, topic, 3, 1);
            Topics.ensure(connection, topic + ".dlq", 1, 1);
            // give up on an unacknowledged record after 6 s instead of 30 s, so the test is short
            Map<String, String> quick = Map.of(
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    "3000",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                    "6000",
                    ProducerConfig.MAX_BLOCK_MS_CONFIG,
                    "6000");

            WikimediaChangesProducer.Outcome down;
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            try (ReplayServer server = ReplayServer.start(sample, 500, 0);
                    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
                WikimediaChangesProducer.Options o = new WikimediaChangesProducer.Options(
                        topic,
                        server.uri(),
                        server.lastId(),
                        WikimediaChangesProducer.userAgent("test"),
                        0,
                        null,
                        resumeFile,
                        false,
                        WikimediaChangesProducer.COMPRESSION,
                        50,
                        quick);
                CompletableFuture<WikimediaChangesProducer.Outcome> running =
                        CompletableFuture.supplyAsync(() -> WikimediaChangesProducer.run(o, connection, out));
                // the resume file is written only after acknowledgements: wait for 50 of them
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> running.isDone()
                                || (Files.exists(resumeFile)
                                        && ReplayServer.positionAfter(Files.readString(resumeFile)) >= 50));
                assertThat(running)
                        .as("the run ended before Kafka was stopped: %s", log)
                        .isNotDone();
                cluster.stopBroker(0);
                down = running.get(60, TimeUnit.SECONDS);
            }
            System.out.println(log.toString(StandardCharsets.UTF_8).replace('\r', '\n'));
            long resumeAt = ReplayServer.positionAfter(down.lastAckedId());

            cluster.restartBroker(0);
            List<Long> kept = WikimediaChangeHandlerTest.positions(Topic.readAll(connection, topic));
            System.out.printf(
                    "Kafka stopped mid-stream: %d received, %d reported acknowledged, %d send errors,"
                            + " resume point after position %d; the restarted broker holds %d records%n",
                    down.received(), down.acked(), down.sendErrors(), resumeAt - 1, kept.size());

            assertThat(down.ok()).isFalse();
            assertThat(down.error()).contains("Kafka did not acknowledge");
            assertThat(down.sendErrors()).isPositive();
            assertThat(down.received()).isGreaterThan(down.acked());
            // nothing reported as sent that Kafka does not have
            assertThat(kept.size()).isGreaterThanOrEqualTo((int) down.acked());
            assertThat(Set.copyOf(kept))
                    .containsAll(LongStream.range(0, resumeAt).boxed().toList());
            assertThat(Files.readString(resumeFile).trim()).isEqualTo(down.lastAckedId());

            // and a restart resumes there: all 10 000 in the topic, copies only of events after the resume point
            WikimediaChangesProducer.Outcome again;
            try (ReplayServer server = ReplayServer.start(sample, 0, 0)) {
                again = WikimediaChangeHandlerTest.runWith(
                        new WikimediaChangesProducer.Options(
                                topic,
                                server.uri(),
                                server.lastId(),
                                WikimediaChangesProducer.userAgent("test"),
                                0,
                                null,
                                resumeFile,
                                false,
                                WikimediaChangesProducer.COMPRESSION,
                                50,
                                Map.of()),
                        connection);
            }
            List<Long> all = WikimediaChangeHandlerTest.positions(Topic.readAll(connection, topic));
            Map<Long, Long> copies =
                    all.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            System.out.printf(
                    "after the restart: %d records, %d distinct, %d duplicated (all after the resume point)%n",
                    all.size(), copies.size(), all.size() - copies.size());
            assertThat(again.ok()).as(again.error()).isTrue();
            assertThat(copies.keySet())
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.range(0, 10_000).boxed().toList());
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(resumeAt));
        }
    }
}
