package dev.kafka101.wikimedia.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "transform" of {@link WikimediaStatsConsumer}, pure logic: what one window (one second of processing) counted.
 * Each recent-change event adds 1 to {@code events}, to its wiki, to {@code bots} or {@code humans}, to its type
 * ({@code edit}, {@code new}, {@code log}, {@code categorize}, ...), and its size change
 * {@code length.new - length.old} (a missing side counts as 0) to {@code bytesAdded} or {@code bytesRemoved}.
 * A record that is not a JSON object with a {@code wiki} is counted in {@code bad} and nowhere else.
 * {@code offsets} names the input records the window covers: partition → [first, last] offset. Proven by
 * {@code StatsWindowTest}.
 */
public final class StatsWindow {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final long windowStart;
    private long events;
    private long bad;
    private long bots;
    private long humans;
    private long bytesAdded;
    private long bytesRemoved;
    private final Map<String, Long> byWiki = new TreeMap<>();
    private final Map<String, Long> byType = new TreeMap<>();
    private final Map<Integer, long[]> offsets = new TreeMap<>();

    public StatsWindow(long windowStartMs) {
        this.windowStart = windowStartMs;
    }

    /** What a valid event contributes. */
    record Event(String wiki, boolean bot, String type, long bytesChange) {}

    /** Adds input record {@code partition@offset}; returns null when it counted, else why it is bad (one line). */
    public String add(int partition, long offset, String value) {
        long[] range = offsets.computeIfAbsent(partition, p -> new long[] {offset, offset});
        range[0] = Math.min(range[0], offset);
        range[1] = Math.max(range[1], offset);
        Event e;
        try {
            e = parse(value);
        } catch (BadEvent why) {
            bad++;
            return why.getMessage();
        }
        events++;
        byWiki.merge(e.wiki(), 1L, Long::sum);
        byType.merge(e.type(), 1L, Long::sum);
        if (e.bot()) {
            bots++;
        } else {
            humans++;
        }
        if (e.bytesChange() > 0) {
            bytesAdded += e.bytesChange();
        } else {
            bytesRemoved -= e.bytesChange();
        }
        return null;
    }

    /** Nothing was read in this window (no event, no bad record). */
    public boolean isEmpty() {
        return offsets.isEmpty();
    }

    public long events() {
        return events;
    }

    public long bad() {
        return bad;
    }

    public long windowStart() {
        return windowStart;
    }

    /** The stats record's value. */
    public String toJson(long windowEndMs, String instance) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("windowStart", windowStart);
        n.put("windowEnd", windowEndMs);
        n.put("instance", instance);
        n.put("events", events);
        n.put("bad", bad);
        n.put("bots", bots);
        n.put("humans", humans);
        n.put("bytesAdded", bytesAdded);
        n.put("bytesRemoved", bytesRemoved);
        ObjectNode wikis = n.putObject("byWiki");
        byWiki.forEach(wikis::put);
        ObjectNode types = n.putObject("byType");
        byType.forEach(types::put);
        ObjectNode covered = n.putObject("offsets");
        offsets.forEach((p, r) -> covered.putArray(String.valueOf(p)).add(r[0]).add(r[1]));
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why a record cannot be counted. */
    static final class BadEvent extends Exception {
        BadEvent(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the event once with Jackson's streaming parser (every token, so cut-off JSON is caught), keeping only
     * {@code wiki}, {@code bot}, {@code type} and {@code length}.
     */
    static Event parse(String value) throws BadEvent {
        if (value == null) {
            throw new BadEvent("no value (null)");
        }
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadEvent("not a JSON object");
            }
            String wiki = null;
            String type = "unknown";
            boolean bot = false;
            long oldLength = 0;
            long newLength = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "wiki" -> wiki = token == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "type" -> type = token == JsonToken.VALUE_STRING ? p.getText() : "unknown";
                    case "bot" -> bot = token == JsonToken.VALUE_TRUE;
                    case "length" -> {
                        if (token != JsonToken.START_OBJECT) {
                            p.skipChildren();
                            break;
                        }
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String side = p.currentName();
                            JsonToken v = p.nextToken();
                            long n = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                            if (side.equals("old")) {
                                oldLength = n;
                            } else if (side.equals("new")) {
                                newLength = n;
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new BadEvent("more data after the JSON object");
            }
            if (wiki == null || wiki.isEmpty()) {
                throw new BadEvent("no wiki");
            }
            return new Event(wiki, bot, type, newLength - oldLength);
        } catch (JsonProcessingException e) {
            throw new BadEvent(
                    "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse("?"));
        } catch (IOException e) {
            throw new BadEvent("unreadable: " + e.getMessage());
        }
    }
}
