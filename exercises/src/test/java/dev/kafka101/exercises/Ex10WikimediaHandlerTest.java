package dev.kafka101.exercises;

import com.launchdarkly.eventsource.MessageEvent;
import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * The test calls {@code onMessage} the way the event source's single events thread does: in stream order, one event
 * at a time (wikimedia-producer's tests cover the SSE connection itself).
 */
@EmbeddedKafka
@Exercise(
        value = 10,
        title = "the Wikimedia handler: onMessage -> send with a key",
        stub = Ex10_WikimediaHandler.class,
        docs = "docs/wikimedia.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "event.getData() is the change's JSON. Which of its fields groups the changes whose order matters?",
            "the key decides the partition; with key = the wiki (\"enwiki\"), each wiki's changes stay in stream"
                    + " order on one partition. JSON.readTree(data).path(\"wiki\").asText() reads it; canaries have"
                    + " meta.domain \"canary\".",
            "JsonNode c = JSON.readTree(data); if (\"canary\".equals(c.path(\"meta\").path(\"domain\").asText())) return;"
                    + " producer.send(new ProducerRecord<>(topic, c.path(\"wiki\").asText(), data));"
        })
class Ex10WikimediaHandlerTest {
    private static final Pattern WIKI = Pattern.compile("\"wiki\"\\s*:\\s*\"([^\"]+)\"");

    @Test
    void eachChangeIsOneRecordKeyedByItsWikiInStreamOrderAndCanariesAreNotSent(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(3, 1);
        // 40 synthetic recent changes, every 10th a canary
        List<String> events = LongStream.range(0, 40)
                .mapToObj(n -> SyntheticRecentChanges.event(n, 10, 0))
                .toList();
        List<String> changes = events.stream()
                .filter(e -> !e.contains("\"domain\":\"canary\""))
                .toList();
        try (KafkaProducer<String, String> producer = TestKafka.producer(kafka.clientProperties(), Map.of())) {
            Ex10_WikimediaHandler handler = new Ex10_WikimediaHandler(producer, topic);
            for (int i = 0; i < events.size(); i++) {
                handler.onMessage("message", new MessageEvent("message", events.get(i), String.valueOf(i), null));
            }
            producer.flush();
        }

        List<ConsumerRecord<String, String>> stored =
                TestKafka.readAll(kafka.clientProperties(), topic, changes.size(), Duration.ofSeconds(5));
        long canaries = stored.stream()
                .filter(r -> r.value() != null && r.value().contains("\"domain\":\"canary\""))
                .count();
        Check.that(
                canaries == 0,
                canaries + " canary events were sent to Kafka",
                "canaries (meta.domain = \"canary\", Wikimedia's own test events) dropped",
                "how does the handler tell a canary from a change?");
        List<String> values =
                new ArrayList<>(stored.stream().map(ConsumerRecord::value).toList());
        Check.that(
                values.size() == changes.size() && values.containsAll(changes),
                "the topic holds " + values.size() + " records for " + changes.size() + " changes",
                "each change once, its JSON unchanged as the value",
                "is every change sent once, as received?");
        List<String> wrongKey = stored.stream()
                .filter(r -> !Objects.equals(r.key(), wikiOf(r.value())))
                .map(r -> r.key() + " for a change of " + wikiOf(r.value()))
                .distinct()
                .limit(3)
                .toList();
        Check.that(
                wrongKey.isEmpty(),
                "records keyed " + wrongKey,
                "each record keyed by its change's wiki (e.g. enwiki), so one wiki's changes share a partition",
                "which field of the change's JSON is the key?");
        Map<String, List<String>> byWiki = stored.stream()
                .sorted((x, y) -> Long.compare(x.offset(), y.offset()))
                .collect(Collectors.groupingBy(
                        ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        byWiki.forEach((wiki, stream) -> Check.that(
                stream.equals(
                        changes.stream().filter(c -> wiki.equals(wikiOf(c))).toList()),
                wiki + "'s changes are stored out of stream order",
                "each wiki's changes in the order of the stream",
                "are the changes sent in the order onMessage receives them?"));
    }

    private static String wikiOf(String json) {
        Matcher m = WIKI.matcher(json == null ? "" : json);
        return m.find() ? m.group(1) : null;
    }
}
