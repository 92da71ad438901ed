package dev.kafka101.basics.rebalance;

import static dev.kafka101.basics.RebalanceLab.PARTITIONS;

import dev.kafka101.basics.RebalanceLab;
import dev.kafka101.basics.RebalanceLab.Protocol;
import dev.kafka101.basics.RebalanceLab.Result;
import dev.kafka101.basics.RebalanceLab.Settings;
import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.basics.report.TimelineHtml;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The rebalance lab's scenario engine: A and B; C joins; A leaves. Each step waits until the group settled, then holds
 * for one phase; the load, the processing and every listener call are recorded into a {@link Result}.
 */
public final class Scenario {
    /** A loaded 2-core machine has been seen to need 30 s for a first join. */
    public static final int SETTLE_TIMEOUT_S = 60;
    /** Topic and group names stay unique within one JVM. */
    public static final AtomicInteger RUNS = new AtomicInteger();
    /** Set by Ctrl-C: every phase ends at once, everything closes. */
    public static final AtomicBoolean STOP = new AtomicBoolean();

    private Scenario() {}

    /**
     * Writes one record (sequence -1) to every partition of a new topic and waits for its ack, with a producer of its own.
     * Seen on Kafka 4.4.0: a load producer whose first batches meet NOT_LEADER_OR_FOLLOWER right after the topic was
     * created can get stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER forever; once every leader has accepted a write, not.
     */
    private static void warmUp(Properties connection, String topic) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "lab-warm-up");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int p = 0; p < PARTITIONS; p++) {
                while (true) {
                    try {
                        producer.send(new ProducerRecord<>(topic, p, "warm-up", "-1"))
                                .get(10, TimeUnit.SECONDS);
                        break;
                    } catch (ExecutionException | TimeoutException e) {
                        if (System.nanoTime() > until) {
                            throw new IllegalStateException(
                                    "partition " + p + " of " + topic + " takes no writes: " + e, e);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs the scenario once for {@code protocol}, on a topic and group of its own. */
    public static Result run(Properties connection, Protocol protocol, Settings s) {
        String id = protocol.flag + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + RUNS.incrementAndGet();
        String topic = "rebalance-lab-" + id;
        String group = "rebalance-lab-" + id;
        Progress progress = new Progress(protocol, s.progress());
        progress.say(String.format(
                Locale.ROOT,
                "== %s: topic %s, group %s, %d records/s, phases of %.1f s",
                protocol.title,
                topic,
                group,
                s.ratePerSecond(),
                s.phase().toMillis() / 1000.0));
        Topics.ensure(connection, topic, PARTITIONS, 1);
        warmUp(connection, topic);

        OwnershipTimeline timeline = new OwnershipTimeline(PARTITIONS);
        Processing processing = new Processing(timeline);
        AtomicInteger failedCommits = new AtomicInteger();
        Map<String, LabConsumer> consumers = new LinkedHashMap<>();
        List<TimelineHtml.Marker> markers = new ArrayList<>();
        LoadProducer producer = new LoadProducer(connection, topic, s.ratePerSecond());
        progress.watch(timeline, processing, producer);
        long windowStart;
        long windowEnd;
        Change join;
        Change leave;
        try {
            markers.add(new TimelineHtml.Marker(timeline.now(), "A, B start"));
            for (String name : List.of("A", "B")) {
                consumers.put(
                        name,
                        startConsumer(
                                connection, protocol, group, name, topic, timeline, processing, s, failedCommits));
            }
            producer.start();
            progress.phase("A and B join");
            Map<Integer, String> before = awaitSettled(timeline, consumers, Set.of("A", "B"), null);
            windowStart = timeline.now();
            processing.window(windowStart, Long.MAX_VALUE);
            markers.add(new TimelineHtml.Marker(windowStart, "settled"));
            progress.phase("A and B own all 6");
            hold(s.phase());

            long joinAt = timeline.now();
            markers.add(new TimelineHtml.Marker(joinAt, "C joins"));
            progress.phase("C joins");
            consumers.put(
                    "C",
                    startConsumer(connection, protocol, group, "C", topic, timeline, processing, s, failedCommits));
            Map<Integer, String> afterJoin = awaitSettled(timeline, consumers, Set.of("A", "B", "C"), null);
            long joinSettled = timeline.now();
            progress.phase("A, B, C own 2 each");
            hold(s.phase());

            long leaveAt = timeline.now();
            markers.add(new TimelineHtml.Marker(leaveAt, "A leaves"));
            progress.phase("A leaves");
            consumers.get("A").stop();
            Map<Integer, String> afterLeave = awaitSettled(timeline, consumers, Set.of("B", "C"), consumers.get("A"));
            long leaveSettled = timeline.now();
            progress.phase("B and C own all 6");
            hold(s.phase());

            windowEnd = timeline.now();
            markers.add(new TimelineHtml.Marker(windowEnd, "load stops"));
            processing.window(windowStart, windowEnd);
            join = change("C joins", timeline, joinAt, joinSettled, leaveAt, before, afterJoin);
            leave = change("A leaves", timeline, leaveAt, leaveSettled, windowEnd, afterJoin, afterLeave);
            progress.phase("draining");
            producer.stop();
            long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!processing.processedAll(producer.acked) && System.nanoTime() < drainUntil && !STOP.get()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            progress.phase("closing");
            consumers.values().forEach(LabConsumer::stop);
            for (LabConsumer c : consumers.values()) {
                try {
                    c.await(Duration.ofSeconds(15));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                producer.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.done();
        }
        for (LabConsumer c : consumers.values()) {
            if (c.failure != null) {
                throw new IllegalStateException("consumer " + c.name + " failed: " + c.failure, c.failure);
            }
        }
        long endMs = timeline.now();
        // processing pause: filled while the records came; the window was set when the load stopped
        List<OwnershipTimeline.Gap> gaps = timeline.gaps(windowStart, windowEnd);
        long longestGap =
                gaps.stream().mapToLong(OwnershipTimeline.Gap::lengthMs).max().orElse(0);
        long longestUnmoved = gaps.stream()
                .filter(g -> !g.moved())
                .mapToLong(OwnershipTimeline.Gap::lengthMs)
                .max()
                .orElse(0);
        List<long[]> idle = timeline.nobodyOwnsAnything(windowStart, windowEnd);
        long stopTheWorld = idle.stream().mapToLong(i -> i[1] - i[0]).sum();
        return new Result(
                protocol,
                join,
                leave,
                windowStart,
                windowEnd,
                longestGap,
                longestUnmoved,
                stopTheWorld,
                processing.longestPause(),
                producer.sent,
                producer.acked.size(),
                processing.total(),
                processing.twice(),
                processing.missing(producer.acked),
                timeline.overlaps(),
                failedCommits.get(),
                timeline.intervals(),
                endMs,
                markers,
                idle,
                timeline.events(),
                STOP.get());
    }

    private static LabConsumer startConsumer(
            Properties connection,
            Protocol protocol,
            String group,
            String name,
            String topic,
            OwnershipTimeline timeline,
            Processing processing,
            Settings s,
            AtomicInteger failedCommits) {
        LabConsumer c = new LabConsumer(
                name,
                RebalanceLab.consumerProperties(connection, protocol, group, name),
                topic,
                timeline,
                processing,
                s.commitOnRevoke(),
                failedCommits);
        c.start();
        return c;
    }

    /**
     * Waits (at most {@value #SETTLE_TIMEOUT_S} s) until every partition has an owner among {@code members}, each of
     * them owns at least one, no member owns two more than another (and {@code leaver}, if any, has closed). Returns the
     * owners then, or null: not settled. Balanced, because KIP-848 moves partitions one member at a time, and a step on
     * the way (A [0, 1], B [3, 4, 5], C [2]) already covers every partition: the step's later revocations would then be
     * counted against a snapshot taken too early (a CI run saw revoked [2, 5] against moved [5]).
     */
    private static Map<Integer, String> awaitSettled(
            OwnershipTimeline timeline, Map<String, LabConsumer> consumers, Set<String> members, LabConsumer leaver)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_TIMEOUT_S);
        while (System.nanoTime() < until && !STOP.get()) {
            Map<Integer, String> owners = timeline.owners();
            boolean settled = owners.size() == PARTITIONS
                    && members.containsAll(owners.values())
                    && owners.values().containsAll(members)
                    && balanced(owners, members)
                    && (leaver == null || leaver.finished());
            if (settled) {
                return owners;
            }
            for (LabConsumer c : consumers.values()) {
                if (c.failure != null) {
                    throw new IllegalStateException("consumer " + c.name + " failed: " + c.failure, c.failure);
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return null;
    }

    private static boolean balanced(Map<Integer, String> owners, Set<String> members) {
        Map<String, Integer> counts = new HashMap<>();
        members.forEach(m -> counts.put(m, 0));
        owners.values().forEach(m -> counts.merge(m, 1, Integer::sum));
        return Collections.max(counts.values()) - Collections.min(counts.values()) <= 1;
    }

    private static void hold(Duration phase) throws InterruptedException {
        long until = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < until && !STOP.get()) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static Change change(
            String name,
            OwnershipTimeline timeline,
            long from,
            long settledAt,
            long to,
            Map<Integer, String> before,
            Map<Integer, String> after) {
        Set<Integer> revoked = new TreeSet<>();
        int callbacks = 0;
        for (OwnershipTimeline.Event e : timeline.events()) {
            if (e.atMs() >= from
                    && e.atMs() < to
                    && e.kind() != OwnershipTimeline.Kind.ASSIGNED
                    && !e.partitions().isEmpty()) {
                revoked.addAll(e.partitions());
                callbacks += e.partitions().size();
            }
        }
        // null = that step did not settle in time: the counts are then not comparable, and the change says so
        boolean settled = before != null && after != null;
        Map<Integer, String> b = before == null ? Map.of() : before;
        Map<Integer, String> a = after == null ? timeline.owners() : after;
        Set<Integer> moved = new TreeSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (!java.util.Objects.equals(b.get(p), a.get(p))) {
                moved.add(p);
            }
        }
        return new Change(name, from, settledAt, settled, revoked, callbacks, moved, a);
    }
}
