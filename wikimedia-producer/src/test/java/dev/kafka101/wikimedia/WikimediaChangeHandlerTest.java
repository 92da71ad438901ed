package dev.kafka101.wikimedia;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSE replay → Kafka on the real embedded broker: what ends up in the topic and the DLQ, across drops and restarts. */
@EmbeddedKafka
class WikimediaChangeHandlerTest {

    static WikimediaChangesProducer.Options options(
            String topic, ReplayServer server, Path resumeFile, long maxEvents) {
        return new WikimediaChangesProducer.Options(
                topic,
                server.uri(),
                server.lastId(),
                WikimediaChangesProducer.userAgent("test@example.org"),
                maxEvents,
                null,
                resumeFile,
                false,
                WikimediaChangesProducer.COMPRESSION,
                50,
                Map.of());
    }

    static String topicWithDlq(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(3, 1);
        kafka.createTopic(topic + ".dlq", 1, 1, Map.of());
        return topic;
    }

    static WikimediaChangesProducer.Outcome run(WikimediaChangesProducer.Options o, KafkaTestCluster kafka) {
        return runWith(o, kafka.clientProperties());
    }

    static WikimediaChangesProducer.Outcome runWith(
            WikimediaChangesProducer.Options o, java.util.Properties connection) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        WikimediaChangesProducer.Outcome outcome;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            outcome = WikimediaChangesProducer.run(o, connection, out);
        }
        System.out.println(buffer.toString(StandardCharsets.UTF_8).replace('\r', '\n'));
        return outcome;
    }

    static List<Long> positions(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(r -> Topic.position(r.value())).toList();
    }

    @Tag("claim")
    @Test
    void replayStoresEveryValidEventOnceInPerKeyOrderAndMalformedOnesInTheDlq(KafkaTestCluster kafka) {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(200, 20, 25);
        String topic = topicWithDlq(kafka);
        WikimediaChangesProducer.Outcome outcome;
        try (ReplayServer server = ReplayServer.start(sample, 0, 0)) {
            outcome = run(options(topic, server, null, 0), kafka);
        }
        List<Long> valid = LongStream.range(0, 200)
                .filter(n -> !sample.isCanary(n) && !sample.isMalformed(n))
                .boxed()
                .toList();
        List<Long> malformed =
                LongStream.range(0, 200).filter(sample::isMalformed).boxed().toList();

        List<ConsumerRecord<String, String>> records = Topic.readAll(kafka.clientProperties(), topic);
        List<ConsumerRecord<String, String>> dead = Topic.readAll(kafka.clientProperties(), topic + ".dlq");
        System.out.printf(
                "sample 200: %d valid, 10 canaries, %d malformed; topic holds %d, DLQ %d%n",
                valid.size(), malformed.size(), records.size(), dead.size());

        assertThat(outcome.ok()).as(outcome.error()).isTrue();
        assertThat(outcome.canaries()).isEqualTo(10);
        assertThat(outcome.acked()).isEqualTo(valid.size());
        // exactly the valid ones, each once
        assertThat(positions(records)).hasSize(valid.size()).containsExactlyInAnyOrderElementsOf(valid);
        // key = wiki, one partition per key, and within a key the stream order
        Map<String, List<ConsumerRecord<String, String>>> byKey =
                records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, HashMap::new, Collectors.toList()));
        byKey.forEach((wiki, list) -> {
            assertThat(list)
                    .allSatisfy(
                            r -> assertThat(Topic.meta(r.value()).path("wiki").asText())
                                    .isEqualTo(wiki));
            assertThat(list.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
            assertThat(positions(list)).isSorted();
        });
        // the DLQ holds the malformed data unchanged, with the reason in a header
        assertThat(dead).hasSize(malformed.size());
        assertThat(dead.stream().map(ConsumerRecord::value))
                .containsExactlyElementsOf(malformed.stream().map(sample::data).toList());
        assertThat(dead)
                .allSatisfy(r -> assertThat(
                                new String(r.headers().lastHeader("error").value(), StandardCharsets.UTF_8))
                        .isNotBlank());
        System.out.println("DLQ errors: "
                + dead.stream()
                        .map(r -> new String(r.headers().lastHeader("error").value(), StandardCharsets.UTF_8))
                        .distinct()
                        .toList());
    }

    @Tag("claim")
    @Test
    void droppedConnectionResumesWithLastEventIdWithoutGapOrDuplicate(KafkaTestCluster kafka) {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(300, 0, 0);
        String topic = topicWithDlq(kafka);
        WikimediaChangesProducer.Outcome outcome;
        List<ReplayServer.Request> requests;
        try (ReplayServer server = ReplayServer.start(sample, 0, 70)) { // cut mid-event after every 70 events
            outcome = run(options(topic, server, null, 0), kafka);
            requests = server.requests();
        }
        System.out.println("requests (start position, Last-Event-ID): "
                + requests.stream()
                        .map(r -> r.startPosition() + " " + r.lastEventId())
                        .toList());
        assertThat(outcome.ok()).as(outcome.error()).isTrue();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(5);
        assertThat(requests.get(0).lastEventId()).isNull();
        for (int i = 1; i < requests.size(); i++) {
            long resumeAt = requests.get(i - 1).startPosition() + 70; // the half-sent event is not counted as read
            assertThat(requests.get(i).lastEventId()).isEqualTo(ReplayServer.idOf(Math.min(resumeAt, 300) - 1));
        }
        assertThat(positions(Topic.readAll(kafka.clientProperties(), topic)))
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, 300).boxed().toList());
    }

    @Tag("claim")
    @Test
    void restartResumesFromTheStoredIdWithoutGapOrDuplicate(KafkaTestCluster kafka, @TempDir Path dir)
            throws Exception {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(200, 0, 0);
        String topic = topicWithDlq(kafka);
        Path resumeFile = dir.resolve("last-event-id");
        List<ReplayServer.Request> requests = new ArrayList<>();
        WikimediaChangesProducer.Outcome first;
        WikimediaChangesProducer.Outcome second;
        try (ReplayServer server = ReplayServer.start(sample, 0, 0)) {
            first = run(options(topic, server, resumeFile, 80), kafka); // stops after 80 events
            assertThat(Files.readString(resumeFile).trim()).isEqualTo(ReplayServer.idOf(79));
            second = run(options(topic, server, resumeFile, 0), kafka); // a new producer, resumes from the file
            requests.addAll(server.requests());
        }
        assertThat(first.ok() && second.ok()).isTrue();
        assertThat(first.acked()).isEqualTo(80);
        assertThat(second.acked()).isEqualTo(120);
        assertThat(requests.get(requests.size() - 1).lastEventId()).isEqualTo(ReplayServer.idOf(79));
        List<Long> stored = positions(Topic.readAll(kafka.clientProperties(), topic));
        Map<Long, Long> copies =
                stored.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        System.out.printf(
                "run 1 acked %d, run 2 acked %d, topic holds %d records, %d distinct%n",
                first.acked(), second.acked(), stored.size(), copies.size());
        assertThat(stored)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.range(0, 200).boxed().toList());
    }
}
