package dev.kafka101.wikimedia;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.background.BackgroundEventHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The notes' {@code onMessage()} listener, on the okhttp-eventsource 4.x API: each Wikimedia recent change becomes
 * one Kafka record in {@code topic}, its value the event's JSON exactly as received.
 * <ul>
 *   <li><b>Key: {@code wiki}</b> (e.g. {@code enwiki}). All changes of one wiki land in one partition, in stream
 *   order: a consumer sees every page's edits in the order they happened (per-wiki order includes per-page order).
 *   The price is skew: Wikidata and Commons make up about half the stream, so one partition gets more than the
 *   others (the benchmark prints the split). A per-page key would spread better but give up per-wiki order.</li>
 *   <li><b>Canaries</b> ({@code meta.domain == "canary"}, injected by Wikimedia to check the stream works) are
 *   counted and dropped.</li>
 *   <li><b>Malformed data</b> (not JSON, not an object, no {@code meta} object, no {@code wiki}) is never a crash and
 *   never silently dropped: it goes, unchanged, to the dead-letter topic {@code dlqTopic} with headers
 *   {@code error} (why) and {@code sse.id} (which event), and is counted.</li>
 *   <li><b>Resume point</b>: {@link #lastAckedId()} is the id of the newest event such that it and every event
 *   before it is either acknowledged by Kafka (topic or DLQ) or a dropped canary. An event Kafka refuses blocks it
 *   for good: the point never moves past a record Kafka does not have.</li>
 * </ul>
 * Runs on the single events thread of {@link com.launchdarkly.eventsource.background.BackgroundEventSource}, so the
 * send order is the stream order. Proven by {@code WikimediaChangeHandlerTest}.
 */
public final class WikimediaChangeHandler implements BackgroundEventHandler {
    private static final JsonFactory JSON = new JsonFactory();

    private final Producer<String, String> producer;
    private final String topic;
    private final String dlqTopic;
    private final long maxEvents;
    private final String endId;
    private final Stats stats = new Stats();
    private final CompletableFuture<String> finished = new CompletableFuture<>();
    private final ArrayDeque<Slot> unacked = new ArrayDeque<>(); // guarded by itself, oldest first
    private volatile String lastAckedId;
    private volatile boolean stopped;
    private volatile String firstError;
    private volatile String lastStreamError;

    /**
     * @param maxEvents stop after this many stream events (canaries and malformed ones count), 0 = no limit
     * @param endId     the id of the last event to handle (an offline sample's end), or null for an endless stream
     * @param resumedId the id the stream resumes after (the stored resume point), or null
     */
    public WikimediaChangeHandler(
            Producer<String, String> producer,
            String topic,
            String dlqTopic,
            long maxEvents,
            String endId,
            String resumedId) {
        this.producer = producer;
        this.topic = topic;
        this.dlqTopic = dlqTopic;
        this.maxEvents = maxEvents;
        this.endId = endId;
        this.lastAckedId = resumedId;
        if (endId != null && endId.equals(resumedId)) {
            finished.complete("the sample was already replayed completely (resume point = its last event)");
        }
    }

    @Override
    public void onOpen() {
        stats.connections.increment();
    }

    @Override
    public void onClosed() {
        // the source was closed by us; nothing to clean up here (the producer is closed by its owner)
    }

    @Override
    public void onComment(String comment) {
        // ":ok" and keep-alives: nothing to send
    }

    @Override
    public void onError(Throwable t) {
        // connection problems arrive here after the ConnectionErrorHandler decided; the source reconnects itself
        lastStreamError = oneLine(t);
    }

    @Override
    public void onMessage(String eventName, MessageEvent event) {
        if (stopped) {
            return; // events read before close() took effect: not sent, not acknowledged, so not in the resume point
        }
        String data = event.getData();
        String id = event.getLastEventId();
        long n = stats.received.incrementAndGet();
        stats.bytesIn.add(data.length());
        Slot slot = track(id);
        try {
            Parsed p = parse(data);
            if ("canary".equals(p.domain)) {
                stats.canaries.increment();
                acked(slot);
            } else {
                producer.send(new ProducerRecord<>(topic, p.wiki, data), callback(slot, false));
            }
        } catch (Malformed e) {
            stats.malformed.increment();
            ProducerRecord<String, String> dead = new ProducerRecord<>(dlqTopic, null, data);
            dead.headers().add("error", e.getMessage().getBytes(StandardCharsets.UTF_8));
            if (id != null) {
                dead.headers().add("sse.id", id.getBytes(StandardCharsets.UTF_8));
            }
            producer.send(dead, callback(slot, true));
        } catch (RuntimeException e) {
            // send() itself refused (buffer full for max.block.ms, producer closed, record too large)
            stats.sendErrors.increment();
            fail("Kafka refused event " + id + ": " + oneLine(e));
        }
        if ((maxEvents > 0 && n >= maxEvents) || (endId != null && endId.equals(id))) {
            stopped = true;
            finished.complete(
                    maxEvents > 0 && n >= maxEvents ? "--max-events " + maxEvents + " reached" : "end of the sample");
        }
    }

    private Callback callback(Slot slot, boolean toDlq) {
        return (RecordMetadata metadata, Exception e) -> {
            if (e == null) {
                (toDlq ? stats.dlq : stats.acked).increment();
                acked(slot);
            } else {
                stats.sendErrors.increment();
                fail("Kafka did not acknowledge event " + slot.id + ": " + oneLine(e));
            }
        };
    }

    private Slot track(String id) {
        Slot s = new Slot(id);
        synchronized (unacked) {
            unacked.addLast(s);
        }
        return s;
    }

    private void acked(Slot slot) {
        synchronized (unacked) {
            slot.acked = true;
            while (!unacked.isEmpty() && unacked.peekFirst().acked) {
                lastAckedId = unacked.pollFirst().id;
            }
        }
    }

    /** Stops with an error: the caller closes the stream, the resume point stays before the failed event. */
    public void fail(String message) {
        synchronized (this) {
            if (firstError == null) {
                firstError = message;
            }
        }
        stopped = true;
        finished.completeExceptionally(new IllegalStateException(message));
    }

    /** Ignore every event from now on (Ctrl-C, --duration). */
    public void stop() {
        stopped = true;
    }

    /** Completes when the handler wants to stop: normally (why) or exceptionally (a fatal error, one line). */
    public CompletableFuture<String> finished() {
        return finished;
    }

    /** The first fatal error (one line), or null. */
    public String firstError() {
        return firstError;
    }

    /** The last connection problem of the stream (one line), or null. */
    public String lastStreamError() {
        return lastStreamError;
    }

    public String lastAckedId() {
        return lastAckedId;
    }

    public Stats stats() {
        return stats;
    }

    /** What the stream brought and what Kafka acknowledged; read by the status line. */
    public static final class Stats {
        public final AtomicLong received = new AtomicLong();
        public final LongAdder bytesIn = new LongAdder();
        public final LongAdder acked = new LongAdder();
        public final LongAdder canaries = new LongAdder();
        public final LongAdder malformed = new LongAdder();
        public final LongAdder dlq = new LongAdder();
        public final LongAdder sendErrors = new LongAdder();
        public final LongAdder connections = new LongAdder();
    }

    private static final class Slot {
        final String id;
        boolean acked; // guarded by the unacked deque

        Slot(String id) {
            this.id = id;
        }
    }

    /** What the handler needs from an event: the canary marker and the key. */
    record Parsed(String domain, String wiki) {}

    /** The event's data cannot be used; the message says why in one line (it becomes the DLQ "error" header). */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /**
     * Reads the JSON once with Jackson's streaming parser (every token, so broken JSON is caught) and keeps only
     * {@code meta.domain} and {@code wiki}: cheaper than building a tree of the whole event.
     */
    static Parsed parse(String data) throws Malformed {
        try (JsonParser p = JSON.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not a JSON object");
            }
            String domain = null;
            String wiki = null;
            boolean meta = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("meta".equals(field)) {
                    if (value != JsonToken.START_OBJECT) {
                        throw new Malformed("meta is not an object");
                    }
                    meta = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String metaField = p.currentName();
                        if (p.nextToken() == JsonToken.VALUE_STRING && "domain".equals(metaField)) {
                            domain = p.getText();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if ("wiki".equals(field) && value == JsonToken.VALUE_STRING) {
                    wiki = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new Malformed("more data after the JSON object");
            }
            if (!meta) {
                throw new Malformed("no meta object");
            }
            if ("canary".equals(domain)) {
                return new Parsed(domain, wiki);
            }
            if (wiki == null || wiki.isEmpty()) {
                throw new Malformed("no wiki (the record key)");
            }
            return new Parsed(domain, wiki);
        } catch (JsonProcessingException e) {
            throw new Malformed(
                    "bad JSON: " + e.getOriginalMessage().lines().findFirst().orElse("?"));
        } catch (IOException e) {
            throw new Malformed("unreadable: " + e.getMessage());
        }
    }

    static String oneLine(Throwable e) {
        Throwable t = e;
        String m = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return m.lines().findFirst().orElse(m);
    }
}
