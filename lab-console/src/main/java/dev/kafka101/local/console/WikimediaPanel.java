package dev.kafka101.local.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The console's Wikimedia panel: the totals of every stats record in {@code wikimedia.stats} (written by the
 * wikimedia-stats module's consumer), the events per second of the last minutes, and the {@code wikimedia-stats}
 * group's lag. Reads with {@code isolation.level=read_committed}, like every reader of an exactly-once output, from the
 * beginning of the topic, without a group (nothing is committed). A consumer exists only while the topic does.
 * Called by {@link ClusterWatcher}'s timer thread once per poll; only that thread touches it.
 */
final class WikimediaPanel implements AutoCloseable {
    static final String INPUT = "wikimedia.recentchange";
    static final String STATS = "wikimedia.stats";
    static final String GROUP = "wikimedia-stats";
    static final int SERIES_SECONDS = 300;
    static final int TOP_WIKIS = 10;
    private static final int RATE_SECONDS = 10;

    private final Properties clientProperties;
    private final ObjectMapper json = new ObjectMapper();
    private KafkaConsumer<String, String> consumer;
    private Totals totals = new Totals();

    /** Everything added up since the topic's first record. */
    private static final class Totals {
        long records;
        long events;
        long bad;
        long bots;
        long humans;
        long bytesAdded;
        long bytesRemoved;
        final Map<String, Long> byWiki = new HashMap<>();
        final Map<String, Long> byType = new TreeMap<>();
        final TreeMap<Long, Long> perSecond = new TreeMap<>(); // second (epoch) of windowEnd -> events
    }

    WikimediaPanel(Properties clientProperties) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "lab-console-wikimedia");
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // never count an aborted transaction
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // no group: nothing to commit
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false"); // looking must not create the topic
        this.clientProperties = p;
    }

    /**
     * Reads what is new in {@code wikimedia.stats} and returns the panel's JSON, or null when the topic does not
     * exist. {@code groups} and {@code logEnd} are this poll's group views and log-end offsets.
     */
    Map<String, Object> poll(
            Set<String> topics,
            List<Map<String, Object>> groups,
            Map<TopicPartition, Long> logEnd,
            long now,
            List<String> errors) {
        if (!topics.contains(STATS)) {
            close();
            return null;
        }
        try {
            read();
        } catch (KafkaException e) {
            errors.add("wikimedia.stats: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            close(); // start again from the beginning next second
            return null;
        }
        return view(groups, logEnd, now);
    }

    private void read() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(clientProperties);
            List<TopicPartition> partitions = consumer.partitionsFor(STATS, Duration.ofSeconds(2)).stream()
                    .map(i -> new TopicPartition(STATS, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            totals = new Totals();
        }
        // a few short polls: catches up with a long history quickly, and never holds the console's poll for long
        for (int i = 0; i < 10; i++) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(i == 0 ? 50 : 10));
            if (records.isEmpty()) {
                break;
            }
            records.forEach(this::add);
        }
    }

    private void add(ConsumerRecord<String, String> r) {
        JsonNode s;
        try {
            s = json.readTree(r.value());
        } catch (IOException | IllegalArgumentException e) {
            return; // not a stats record: not ours to count
        }
        if (s == null || !s.isObject()) {
            return;
        }
        Totals t = totals;
        t.records++;
        long events = s.path("events").asLong();
        t.events += events;
        t.bad += s.path("bad").asLong();
        t.bots += s.path("bots").asLong();
        t.humans += s.path("humans").asLong();
        t.bytesAdded += s.path("bytesAdded").asLong();
        t.bytesRemoved += s.path("bytesRemoved").asLong();
        s.path("byWiki")
                .fields()
                .forEachRemaining(e -> t.byWiki.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        s.path("byType")
                .fields()
                .forEachRemaining(e -> t.byType.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        long second = s.path("windowEnd").asLong(r.timestamp()) / 1000;
        t.perSecond.merge(second, events, Long::sum);
    }

    private Map<String, Object> view(List<Map<String, Object>> groups, Map<TopicPartition, Long> logEnd, long now) {
        Totals t = totals;
        // a window that ended after this snapshot's clock reading (read in the same poll) still counts as now
        long nowSecond = t.perSecond.isEmpty() ? now / 1000 : Math.max(now / 1000, t.perSecond.lastKey());
        t.perSecond.headMap(nowSecond - SERIES_SECONDS, false).clear();
        List<Map<String, Object>> series = new ArrayList<>();
        long recent = 0;
        for (long sec = nowSecond - SERIES_SECONDS + 1; sec <= nowSecond; sec++) {
            long n = t.perSecond.getOrDefault(sec, 0L);
            if (n > 0) {
                series.add(Map.of("t", sec * 1000, "events", n));
            }
            if (sec > nowSecond - RATE_SECONDS) {
                recent += n;
            }
        }
        List<Map<String, Object>> top = new ArrayList<>();
        t.byWiki.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_WIKIS)
                .forEach(e -> top.add(Map.of("wiki", e.getKey(), "events", e.getValue())));
        long input = logEnd.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(INPUT))
                .mapToLong(Map.Entry::getValue)
                .sum();
        Map<String, Object> group = groups.stream()
                .filter(g -> GROUP.equals(g.get("groupId")))
                .findFirst()
                .orElse(null);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statsTopic", STATS);
        m.put("inputTopic", INPUT);
        m.put("group", GROUP);
        m.put("statsRecords", t.records);
        m.put("events", t.events);
        m.put("bad", t.bad);
        m.put("bots", t.bots);
        m.put("humans", t.humans);
        m.put("bytesAdded", t.bytesAdded);
        m.put("bytesRemoved", t.bytesRemoved);
        m.put("wikis", t.byWiki.size());
        m.put("topWikis", top);
        m.put("byType", t.byType);
        m.put("eventsPerSecond", Math.round(recent * 10.0 / RATE_SECONDS) / 10.0);
        m.put("series", series);
        m.put("seriesSeconds", SERIES_SECONDS);
        m.put("inputRecords", logEnd.keySet().stream().anyMatch(tp -> tp.topic().equals(INPUT)) ? input : null);
        m.put("lag", group == null ? null : group.get("totalLag"));
        m.put("groupState", group == null ? null : group.get("state"));
        m.put("members", group == null ? 0 : ((Collection<?>) group.get("members")).size());
        return m;
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            } catch (KafkaException e) {
                // closing a consumer of a deleted topic: nothing left to do
            }
            consumer = null;
        }
    }
}
