package dev.kafka101.wikimedia.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregation alone (no Kafka): what one window counts, and what it refuses. */
class StatsWindowTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void windowCountsEventsPerWikiBotsTypesAndByteChanges() throws Exception {
        StatsWindow w = new StatsWindow(1_000);
        assertThat(w.add(0, 10, event("enwiki", true, "edit", "{\"old\":100,\"new\":250}")))
                .isNull();
        assertThat(w.add(0, 11, event("enwiki", false, "edit", "{\"old\":300,\"new\":120}")))
                .isNull();
        assertThat(w.add(2, 7, event("dewiki", false, "new", "{\"new\":40}"))).isNull();
        assertThat(w.add(2, 8, event("dewiki", true, "log", null))).isNull();

        JsonNode s = JSON.readTree(w.toJson(2_000, "wikimedia-stats-0"));
        assertThat(s.get("windowStart").asLong()).isEqualTo(1_000);
        assertThat(s.get("windowEnd").asLong()).isEqualTo(2_000);
        assertThat(s.get("events").asLong()).isEqualTo(4);
        assertThat(s.get("bad").asLong()).isZero();
        assertThat(s.get("bots").asLong()).isEqualTo(2);
        assertThat(s.get("humans").asLong()).isEqualTo(2);
        assertThat(JSON.convertValue(s.get("byWiki"), Map.class)).isEqualTo(Map.of("enwiki", 2, "dewiki", 2));
        assertThat(JSON.convertValue(s.get("byType"), Map.class)).isEqualTo(Map.of("edit", 2, "new", 1, "log", 1));
        assertThat(s.get("bytesAdded").asLong()).isEqualTo(150 + 40); // 100 -> 250, and a new page of 40
        assertThat(s.get("bytesRemoved").asLong()).isEqualTo(180); // 300 -> 120
        assertThat(s.get("offsets").get("0").toString()).isEqualTo("[10,11]");
        assertThat(s.get("offsets").get("2").toString()).isEqualTo("[7,8]");
    }

    @Test
    void malformedRecordIsCountedAsBadOnlyAndItsOffsetIsStillCovered() throws Exception {
        StatsWindow w = new StatsWindow(0);
        assertThat(w.add(1, 5, event("frwiki", false, "edit", "{\"old\":1,\"new\":2}")))
                .isNull();
        assertThat(w.add(1, 6, "this is not JSON")).startsWith("not JSON");
        assertThat(w.add(1, 7, "{\"wiki\":\"frwiki\",\"bot\":tr")).startsWith("not JSON"); // cut off
        assertThat(w.add(1, 8, "[{\"wiki\":\"frwiki\"}]")).isEqualTo("not a JSON object");
        assertThat(w.add(1, 9, "{\"type\":\"edit\"}")).isEqualTo("no wiki");
        assertThat(w.add(1, 10, null)).isEqualTo("no value (null)");

        JsonNode s = JSON.readTree(w.toJson(1, "x"));
        assertThat(s.get("events").asLong()).isEqualTo(1);
        assertThat(s.get("bad").asLong()).isEqualTo(5);
        assertThat(JSON.convertValue(s.get("byWiki"), Map.class)).isEqualTo(Map.of("frwiki", 1));
        assertThat(s.get("humans").asLong() + s.get("bots").asLong()).isEqualTo(1);
        assertThat(s.get("bytesAdded").asLong()).isEqualTo(1);
        assertThat(s.get("offsets").get("1").toString()).isEqualTo("[5,10]");
    }

    @Test
    void syntheticEventsAreReadLikeJacksonTreeReadsThem() throws Exception {
        SyntheticRecentChanges sample = new SyntheticRecentChanges(500, 0, 0);
        StatsWindow w = new StatsWindow(0);
        Map<String, Integer> wikis = new HashMap<>();
        long added = 0;
        long removed = 0;
        for (long n = 0; n < sample.size(); n++) {
            JsonNode e = JSON.readTree(sample.data(n));
            wikis.merge(e.get("wiki").asText(), 1, Integer::sum);
            long change = e.path("length").path("new").asLong()
                    - e.path("length").path("old").asLong();
            added += Math.max(0, change);
            removed += Math.max(0, -change);
            assertThat(w.add(0, n, sample.data(n))).isNull();
        }
        JsonNode s = JSON.readTree(w.toJson(1, "x"));
        assertThat(JSON.convertValue(s.get("byWiki"), Map.class)).isEqualTo(wikis);
        assertThat(s.get("bytesAdded").asLong()).isEqualTo(added);
        assertThat(s.get("bytesRemoved").asLong()).isEqualTo(removed);
        assertThat(w.isEmpty()).isFalse();
        assertThat(new StatsWindow(0).isEmpty()).isTrue();
        assertThatThrownBy(() -> StatsWindow.parse("{\"wiki\":\"a\"} trailing"))
                .isInstanceOf(StatsWindow.BadEvent.class);
    }

    private static String event(String wiki, boolean bot, String type, String length) {
        return "{\"meta\":{\"domain\":\"x\"},\"type\":\"" + type + "\",\"bot\":" + bot
                + (length == null ? "" : ",\"length\":" + length) + ",\"wiki\":\"" + wiki
                + "\",\"tags\":[1,{\"a\":2}]}";
    }
}
