package dev.kafka101.wikimedia.stats;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafka101.local.Topics;
import dev.kafka101.wikimedia.ReplayServer;
import dev.kafka101.wikimedia.WikimediaChangesProducer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** Test plumbing: replay events into a topic, read topics to their end, add up stats records, count duplicates. */
final class StatsTopics {
    static final ObjectMapper JSON = new ObjectMapper();

    private StatsTopics() {}

    /** Replays {@code sample} through the real producer (SSE server → handler → Kafka) at {@code rate} events/s. */
    static WikimediaChangesProducer.Outcome replay(
            Properties connection, String topic, ReplayServer.Sample sample, int rate) {
        try (ReplayServer server = ReplayServer.start(sample, rate, 0);
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            WikimediaChangesProducer.Outcome o = WikimediaChangesProducer.run(
                    new WikimediaChangesProducer.Options(
                            topic,
                            server.uri(),
                            server.lastId(),
                            WikimediaChangesProducer.userAgent("test"),
                            0,
                            null,
                            null,
                            false,
                            WikimediaChangesProducer.COMPRESSION,
                            50,
                            Map.of()),
                    connection,
                    quiet);
            if (!o.ok()) {
                throw new AssertionError("replay failed: " + o.error());
            }
            return o;
        }
    }

    /**
     * Every record of {@code topic} (read_committed), partition by partition in offset order, once no transaction on
     * it is still being completed: {@code commitTransaction()} returns before the coordinator has written the commit
     * markers, and until then a read_committed reader stops short of the last transaction (seen under load: 0 records
     * read right after the stats consumer reported 1 committed).
     */
    static List<ConsumerRecord<String, String>> readAll(Properties connection, String topic) {
        try (Admin admin = Admin.create(connection)) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> lastStableOffsetsReachTheEnd(admin, topic));
        }
        Properties props = new Properties();
        props.putAll(connection);
        // how every reader of wikimedia.stats reads
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return Topics.readAll(props, topic);
    }

    /** Whether every partition's last stable offset (what read_committed sees) is its high watermark. */
    private static boolean lastStableOffsetsReachTheEnd(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(15, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> stable = offsets(admin, latest, IsolationLevel.READ_COMMITTED);
        return stable.equals(offsets(admin, latest, IsolationLevel.READ_UNCOMMITTED));
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Map<TopicPartition, OffsetSpec> specs, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(specs, new ListOffsetsOptions(isolation))
                .all()
                .get(15, TimeUnit.SECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** The truth: how many records of each wiki (the record key) the input topic holds. */
    static Map<String, Long> perWiki(List<ConsumerRecord<String, String>> input) {
        Map<String, Long> m = new TreeMap<>();
        input.forEach(r -> m.merge(r.key(), 1L, Long::sum));
        return m;
    }

    /** The stats records of {@code topic} added up: events, bad, and per wiki. */
    record Totals(
            long records,
            long events,
            long bad,
            long bots,
            long humans,
            Map<String, Long> byWiki,
            Map<String, Long> byType,
            Map<Covered, Integer> coverage) {
        /** Input records counted by more than one stats record: the extra copies. */
        long duplicates() {
            return coverage.values().stream().mapToLong(c -> Math.max(0, c - 1)).sum();
        }
    }

    /** One input record: partition and offset. */
    record Covered(int partition, long offset) {}

    static Totals totals(Properties connection, String statsTopic) {
        long events = 0;
        long bad = 0;
        long bots = 0;
        long humans = 0;
        Map<String, Long> byWiki = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<Covered, Integer> coverage = new HashMap<>(); // input record -> how many stats records counted it
        List<ConsumerRecord<String, String>> stats = readAll(connection, statsTopic);
        for (ConsumerRecord<String, String> r : stats) {
            JsonNode s = json(r.value());
            events += s.get("events").asLong();
            bad += s.get("bad").asLong();
            bots += s.get("bots").asLong();
            humans += s.get("humans").asLong();
            s.get("byWiki")
                    .fields()
                    .forEachRemaining(e -> byWiki.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            s.get("byType")
                    .fields()
                    .forEachRemaining(e -> byType.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            s.get("offsets").fields().forEachRemaining(e -> {
                for (long o = e.getValue().get(0).asLong();
                        o <= e.getValue().get(1).asLong();
                        o++) {
                    coverage.merge(new Covered(Integer.parseInt(e.getKey()), o), 1, Integer::sum);
                }
            });
        }
        return new Totals(stats.size(), events, bad, bots, humans, byWiki, byType, coverage);
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
