package dev.kafka101.wikimedia;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Synthetic Wikimedia recent-change events with the real shapes (schema {@code mediawiki/recentchange/1.0.x}) and
 * none of the real text: titles, comments and user names are made-up syllables, anonymous editors use the
 * documentation address range 192.0.2.0/24. Real events are CC BY-SA and name real people, so none is shipped.
 *
 * <p>Event {@code n} is a pure function of {@code (seed, n)}: a sample of any size can be replayed from any
 * position without keeping it in memory, and two runs produce the same bytes. Every {@code canaryEvery}-th event is
 * a canary ({@code meta.domain == "canary"}, as the real stream injects since Dec 2023), every
 * {@code malformedEvery}-th is broken in one of three ways (truncated JSON, no {@code meta}, not an object).
 * {@code meta.offset} is {@link #FIRST_OFFSET} + n, so tests can tell which event a record is.
 */
public final class SyntheticRecentChanges implements ReplayServer.Sample {
    /** The bundled sample: 60 events from {@code new SyntheticRecentChanges(60, 20, 25)}, one JSON per line. */
    public static final String BUNDLED_SAMPLE = "/recentchange-sample.jsonl";

    public static final long FIRST_OFFSET = 5_200_000_000L;
    public static final long SEED = 101;

    private static final String[][] WIKIS = {
        // wiki, server name, weight (roughly the real mix: Wikidata and Commons dominate)
        {"wikidatawiki", "www.wikidata.org", "34"}, {"commonswiki", "commons.wikimedia.org", "20"},
        {"enwiki", "en.wikipedia.org", "14"}, {"dewiki", "de.wikipedia.org", "5"},
        {"frwiki", "fr.wikipedia.org", "5"}, {"eswiki", "es.wikipedia.org", "4"},
        {"jawiki", "ja.wikipedia.org", "3"}, {"ruwiki", "ru.wikipedia.org", "3"},
        {"itwiki", "it.wikipedia.org", "3"}, {"zhwiki", "zh.wikipedia.org", "2"},
        {"enwiktionary", "en.wiktionary.org", "3"}, {"metawiki", "meta.wikimedia.org", "2"},
        {"ptwiki", "pt.wikipedia.org", "2"},
    };
    private static final int WEIGHT_TOTAL;
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "ren", "tas", "vo", "pe", "shu", "dan", "rel", "ix", "om", "bra", "ne", "qui", "zat", "fo",
        "lun", "mar", "sey", "ti", "gol", "wen", "ark"
    };
    private static final String[] LOG_TYPES = {
        "block", "delete", "move", "newusers", "patrol", "upload", "thanks", "protect", "abusefilter"
    };
    private static final long BASE_EPOCH_MS =
            Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();

    static {
        int t = 0;
        for (String[] w : WIKIS) {
            t += Integer.parseInt(w[2]);
        }
        WEIGHT_TOTAL = t;
    }

    private final long size;
    private final long canaryEvery;
    private final long malformedEvery;

    /** {@code size} events; {@code canaryEvery}/{@code malformedEvery} 0 = none. */
    public SyntheticRecentChanges(long size, long canaryEvery, long malformedEvery) {
        this.size = size;
        this.canaryEvery = canaryEvery;
        this.malformedEvery = malformedEvery;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String data(long n) {
        return event(n, canaryEvery, malformedEvery);
    }

    public boolean isCanary(long n) {
        return canaryEvery > 0 && n % canaryEvery == canaryEvery - 1;
    }

    public boolean isMalformed(long n) {
        return !isCanary(n) && malformedEvery > 0 && n % malformedEvery == malformedEvery - 1;
    }

    /** The offset of event {@code n} as it appears in {@code meta.offset}. */
    public static long offsetOf(long n) {
        return FIRST_OFFSET + n;
    }

    /** Event {@code n} as the JSON of an SSE {@code data:} line. */
    public static String event(long n, long canaryEvery, long malformedEvery) {
        SplittableRandom rnd = new SplittableRandom(SEED * 0x9E3779B97F4A7C15L + n);
        boolean canary = canaryEvery > 0 && n % canaryEvery == canaryEvery - 1;
        boolean malformed = !canary && malformedEvery > 0 && n % malformedEvery == malformedEvery - 1;
        String json = canary ? canary(n, rnd) : change(n, rnd);
        if (!malformed) {
            return json;
        }
        switch ((int) ((n / malformedEvery) % 3)) {
            case 0:
                return json.substring(0, json.length() / 2); // cut off: not valid JSON
            case 1:
                return "{\"$schema\":\"/mediawiki/recentchange/1.0.1\",\"id\":" + n + ",\"type\":\"edit\"}"; // no meta
            default:
                return "[" + json + "]"; // valid JSON, not an object
        }
    }

    private static String canary(long n, SplittableRandom rnd) {
        long ms = BASE_EPOCH_MS + n * 10;
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"$schema\":\"/mediawiki/recentchange/1.0.1\",\"meta\":{\"uri\":\"https://canary/Special:Canary\"")
                .append(",\"request_id\":\"")
                .append(uuid(rnd))
                .append("\",\"id\":\"")
                .append(uuid(rnd))
                .append("\",\"dt\":\"")
                .append(Instant.ofEpochMilli(ms))
                .append("\",\"domain\":\"canary\"")
                .append(",\"stream\":\"mediawiki.recentchange\",\"topic\":\"eqiad.mediawiki.recentchange\"")
                .append(",\"partition\":0,\"offset\":")
                .append(offsetOf(n))
                .append("}")
                .append(",\"type\":\"edit\",\"namespace\":0,\"title\":\"Canary\",\"comment\":\"canary event\"")
                .append(",\"timestamp\":")
                .append(ms / 1000)
                .append(",\"user\":\"Canary\",\"bot\":true")
                .append(",\"server_name\":\"canary\",\"wiki\":\"canary\"}");
        return sb.toString();
    }

    private static String change(long n, SplittableRandom rnd) {
        String[] wiki = pickWiki(rnd);
        String serverName = wiki[1];
        String serverUrl = "https://" + serverName;
        int typeRoll = rnd.nextInt(100);
        String type = typeRoll < 55
                ? "edit"
                : typeRoll < 77 ? "categorize" : typeRoll < 87 ? "log" : typeRoll < 97 ? "new" : "external";
        int namespace = type.equals("categorize") ? 14 : rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(16);
        String title = (namespace == 14 ? "Category:" : namespace == 2 ? "User:" : "") + "Synthetic "
                + words(rnd, 1 + rnd.nextInt(3));
        String titleUrl = serverUrl + "/wiki/" + title.replace(' ', '_');
        boolean anonymous = rnd.nextInt(10) == 0;
        String user = anonymous ? "192.0.2." + rnd.nextInt(1, 255) : "SynthUser" + rnd.nextInt(5000);
        boolean bot = !anonymous && (wiki[0].equals("wikidatawiki") ? rnd.nextInt(3) > 0 : rnd.nextInt(10) == 0);
        long ms = BASE_EPOCH_MS + n * 10 + rnd.nextInt(10);
        String comment = words(rnd, 2 + rnd.nextInt(9));

        StringBuilder sb = new StringBuilder(1200);
        sb.append("{\"$schema\":\"/mediawiki/recentchange/1.0.1\",\"meta\":{\"uri\":\"")
                .append(titleUrl)
                .append("\",\"request_id\":\"")
                .append(uuid(rnd))
                .append("\",\"id\":\"")
                .append(uuid(rnd))
                .append("\",\"dt\":\"")
                .append(Instant.ofEpochMilli(ms))
                .append("\",\"domain\":\"")
                .append(serverName)
                .append("\",\"stream\":\"mediawiki.recentchange\",\"topic\":\"eqiad.mediawiki.recentchange\"")
                .append(",\"partition\":0,\"offset\":")
                .append(offsetOf(n))
                .append("}");
        long rcid = 1_900_000_000L + n;
        sb.append(",\"id\":")
                .append(rcid)
                .append(",\"type\":\"")
                .append(type)
                .append("\",\"namespace\":")
                .append(namespace)
                .append(",\"title\":\"")
                .append(title)
                .append("\",\"title_url\":\"")
                .append(titleUrl)
                .append("\",\"comment\":\"")
                .append(comment)
                .append("\",\"timestamp\":")
                .append(ms / 1000)
                .append(",\"user\":\"")
                .append(user)
                .append("\",\"bot\":")
                .append(bot);
        long revision = 2_400_000_000L + n * 3 + rnd.nextInt(3);
        switch (type) {
            case "edit": {
                int oldLength = 200 + rnd.nextInt(60_000);
                sb.append(",\"notify_url\":\"")
                        .append(serverUrl)
                        .append("/w/index.php?diff=")
                        .append(revision)
                        .append("&oldid=")
                        .append(revision - 1 - rnd.nextInt(500))
                        .append("\"")
                        .append(",\"minor\":")
                        .append(rnd.nextInt(4) == 0);
                if (rnd.nextBoolean()) {
                    sb.append(",\"patrolled\":").append(rnd.nextBoolean());
                }
                sb.append(",\"length\":{\"old\":")
                        .append(oldLength)
                        .append(",\"new\":")
                        .append(Math.max(0, oldLength + rnd.nextInt(-400, 900)))
                        .append("}")
                        .append(",\"revision\":{\"old\":")
                        .append(revision - 1 - rnd.nextInt(500))
                        .append(",\"new\":")
                        .append(revision)
                        .append("}");
                break;
            }
            case "new":
                sb.append(",\"notify_url\":\"")
                        .append(serverUrl)
                        .append("/w/index.php?oldid=")
                        .append(revision)
                        .append("\"")
                        .append(",\"minor\":false,\"patrolled\":")
                        .append(rnd.nextBoolean())
                        .append(",\"length\":{\"new\":")
                        .append(100 + rnd.nextInt(20_000))
                        .append("}")
                        .append(",\"revision\":{\"new\":")
                        .append(revision)
                        .append("}");
                break;
            case "log": {
                String logType = LOG_TYPES[rnd.nextInt(LOG_TYPES.length)];
                sb.append(",\"log_id\":")
                        .append(160_000_000L + n)
                        .append(",\"log_type\":\"")
                        .append(logType)
                        .append("\",\"log_action\":\"")
                        .append(logType.equals("newusers") ? "create" : logType)
                        .append("\",\"log_params\":");
                switch (rnd.nextInt(3)) { // the real stream sends all three shapes
                    case 0 ->
                        sb.append("{\"duration\":\"")
                                .append(1 + rnd.nextInt(30))
                                .append(" days\",\"flags\":[\"nocreate\"]}");
                    case 1 -> sb.append("[]");
                    default -> sb.append("\"").append(words(rnd, 1)).append("\"");
                }
                sb.append(",\"log_action_comment\":\"")
                        .append(words(rnd, 3 + rnd.nextInt(5)))
                        .append("\"");
                break;
            }
            default:
                break; // categorize and external have neither length nor revision
        }
        sb.append(",\"server_url\":\"")
                .append(serverUrl)
                .append("\",\"server_name\":\"")
                .append(serverName)
                .append("\",\"server_script_path\":\"/w\",\"wiki\":\"")
                .append(wiki[0])
                .append("\",\"parsedcomment\":\"")
                .append(comment)
                .append("\"}");
        return sb.toString();
    }

    private static String[] pickWiki(SplittableRandom rnd) {
        int roll = rnd.nextInt(WEIGHT_TOTAL);
        for (String[] w : WIKIS) {
            roll -= Integer.parseInt(w[2]);
            if (roll < 0) {
                return w;
            }
        }
        return WIKIS[0];
    }

    private static String words(SplittableRandom rnd, int count) {
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < count; w++) {
            if (w > 0) {
                sb.append(' ');
            }
            int syllables = 1 + rnd.nextInt(3);
            for (int s = 0; s < syllables; s++) {
                sb.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
            }
        }
        return sb.toString();
    }

    private static String uuid(SplittableRandom rnd) {
        return new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }

    /** The bundled sample as a list of {@code data:} payloads (one line each). */
    public static ReplayServer.Sample bundled() {
        try (InputStream in = SyntheticRecentChanges.class.getResourceAsStream(BUNDLED_SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUNDLED_SAMPLE + " missing from the class path");
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (!line.isEmpty()) {
                        lines.add(line);
                    }
                }
            }
            return ReplayServer.Sample.of(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the bundled sample: {@code java ... SyntheticRecentChanges src/main/resources/recentchange-sample.jsonl}. */
    public static void main(String[] args) throws IOException {
        Path out =
                Path.of(args.length > 0 ? args[0] : "wikimedia-producer/src/main/resources/recentchange-sample.jsonl");
        SyntheticRecentChanges s = new SyntheticRecentChanges(60, 20, 25);
        List<String> lines = new ArrayList<>();
        for (long n = 0; n < s.size(); n++) {
            lines.add(s.data(n));
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + lines.size() + " events to " + out);
    }
}
