package dev.kafka101.basics;

import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.basics.report.TimelineHtml;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The rebalance lab: 6 partitions under steady keyed load; consumers A and B, then C joins, then A leaves — measured for
 * eager (classic + RangeAssignor), cooperative (classic + CooperativeStickyAssignor) and KIP-848 (group.protocol=consumer).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.RebalanceLab}
 * ({@code -Dexec.args="--phase-seconds 2"} for a short run); prints a table and writes target/rebalance-lab.html.
 * Proven by {@code RebalanceLabTest} (eager revokes every partition on a join, the others only what moves, 0 lost, 0 twice).
 */
public final class RebalanceLab {
    public static final int PARTITIONS = 6;
    static final int KEYS = 60;
    static final int SETTLE_TIMEOUT_S = 60; // a loaded 2-core machine has been seen to need 30 s for a first join
    static final AtomicInteger RUNS = new AtomicInteger();   // topic and group names stay unique within one JVM
    static final AtomicBoolean STOP = new AtomicBoolean(); // set by Ctrl-C: every phase ends at once, everything closes

    /** The three ways a group can rebalance (plus the classic default, which the notes get wrong). */
    public enum Protocol {
        EAGER("eager", "classic + RangeAssignor (eager)"),
        COOPERATIVE("cooperative", "classic + CooperativeStickyAssignor (incremental)"),
        KIP848("consumer", "group.protocol=consumer (KIP-848, server-side assignor)"),
        CLASSIC_DEFAULT("classic-default", "classic, strategy left at its default [Range, CooperativeSticky]");

        public final String flag;
        public final String title;

        Protocol(String flag, String title) {
            this.flag = flag;
            this.title = title;
        }

        static Protocol parse(String flag) {
            for (Protocol p : values()) {
                if (p.flag.equals(flag.trim())) {
                    return p;
                }
            }
            throw new BadInputException("unknown protocol '" + flag + "' (use eager, cooperative, consumer, classic-default)");
        }
    }

    /**
     * @param phase          how long each phase (2 consumers / 3 consumers / 2 consumers) lasts once the group settled
     * @param ratePerSecond  records the producer sends per second
     * @param commitOnRevoke true: commit after each processed batch and in onPartitionsRevoked (the right way);
     *                       false: commit only once a second, never on revoke (what an unprepared consumer does)
     * @param progress       print a live progress line
     */
    public record Settings(Duration phase, int ratePerSecond, List<Protocol> protocols, boolean commitOnRevoke,
                           boolean progress) {
    }

    /** What one membership change did: partitions revoked (listener calls), partitions that changed owner. */
    public record Change(String name, long triggerMs, long settledMs, boolean settled, Set<Integer> revoked,
                         int revokedCallbacks, Set<Integer> moved, Map<Integer, String> ownersAfter) {
    }

    public record Result(Protocol protocol, Change join, Change leave, long windowStartMs, long windowEndMs,
                         long longestGapMs, long longestUnmovedGapMs, long stopTheWorldMs, long longestPauseMs,
                         long sent, long acked, long processed, long processedTwice, long lost, int overlaps,
                         int failedCommits, List<OwnershipTimeline.Interval> intervals, long endMs,
                         List<TimelineHtml.Marker> markers, List<long[]> idle, List<OwnershipTimeline.Event> events,
                         boolean interrupted) {
    }

    private RebalanceLab() {
    }

    public static void main(String[] args) {
        // the lab's own flags are checked first: a typo costs one line, not a cluster start
        CommandLine spec = spec().withCheck(cli -> {
            settings(cli);
            htmlPath(cli);
        });
        DemoMain.run(spec, args, kafka -> {
            CommandLine cli = kafka.commandLine();
            Settings settings = settings(cli);
            Path html = htmlPath(cli);
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                STOP.set(true); // Ctrl-C: end the phases, close the consumers (they commit) and the producer
                try {
                    finished.await(15, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rebalance-lab-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                List<Result> results = run(kafka.clientProperties(), settings);
                System.out.println();
                if (cli.isOn("--events")) {
                    results.forEach(r -> System.out.print(events(r)));
                }
                System.out.print(table(results));
                Path written = writeHtml(results, settings, html);
                System.out.println("Timelines: " + written.toUri());
            } catch (IOException e) {
                throw new BadInputException("cannot write the HTML report: " + e.getMessage(), e);
            } finally {
                finished.countDown();
            }
        });
    }

    private static Path htmlPath(CommandLine cli) {
        try {
            return Path.of(cli.value("--html", "target/rebalance-lab.html"));
        } catch (InvalidPathException e) {
            throw new BadInputException("--html: " + e.getMessage());
        }
    }

    static CommandLine spec() {
        return CommandLine.spec("RebalanceLab")
                .withValue("--phase-seconds", "seconds each phase lasts: 2 consumers, 3, then 2 again (default 4; 1..300)")
                .withValue("--rate", "records per second the producer sends (default 200; 1..20000)")
                .withValue("--protocols", "comma list of eager,cooperative,consumer,classic-default (default the first three)")
                .withValue("--html", "where to write the HTML report (default target/rebalance-lab.html)")
                .withSwitch("--no-commit-on-revoke", "commit once a second only, not on revoke: see the duplicates it makes")
                .withSwitch("--events", "also print every rebalance listener call (who, when, which partitions)");
    }

    static Settings settings(CommandLine cli) {
        List<Protocol> protocols = new ArrayList<>();
        for (String p : cli.value("--protocols", "eager,cooperative,consumer").split(",")) {
            protocols.add(Protocol.parse(p));
        }
        return new Settings(Duration.ofSeconds(cli.intValue("--phase-seconds", 4, 1, 300)),
                cli.intValue("--rate", 200, 1, 20_000), protocols, !cli.isOn("--no-commit-on-revoke"), true);
    }

    /** Runs the scenario once per protocol, one after the other, each on a topic and group of its own. */
    public static List<Result> run(Properties connection, Settings settings) {
        List<Result> results = new ArrayList<>();
        for (Protocol protocol : settings.protocols()) {
            if (STOP.get()) {
                break;
            }
            results.add(runScenario(connection, protocol, settings));
        }
        return results;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The consumer: properties per protocol, a rebalance listener that records ownership and commits on revoke.

    /** The consumer properties of one lab consumer; the only thing that differs between the runs is the protocol block. */
    static Properties consumerProperties(Properties connection, Protocol protocol, String group, String name) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);              // A, B and C share the partitions
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "lab-" + name);     // member ids start with it: Range sorts A, B, C
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // read the load from its first record
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");   // we commit: after processing and on revoke
        switch (protocol) {
            case EAGER -> {
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic"); // the pre-KIP-848 protocol (the default)
                // Range only speaks EAGER: every member gives up everything at each rebalance
                props.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
                classicTimings(props);
            }
            case COOPERATIVE -> {
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // incremental: members give up only what moves, in a second round the others get it
                props.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
                classicTimings(props);
            }
            case CLASSIC_DEFAULT -> {
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // partition.assignment.strategy NOT set: the default [RangeAssignor, CooperativeStickyAssignor] applies
                classicTimings(props);
            }
            case KIP848 ->
                // KIP-848: the broker assigns (server-side assignor) and tells each member what to give up, via heartbeats.
                // partition.assignment.strategy must NOT be set here (the consumer refuses it); timings come from the broker.
                    props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        }
        return props;
    }

    /** Classic members learn of a rebalance from a heartbeat: every 500 ms here (default 3 s) so the lab's phases are short. */
    private static void classicTimings(Properties props) {
        props.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        // 6 s is the broker's minimum (group.min.session.timeout.ms); default 45 s. Only matters for a crashed member.
        props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    }

    /** One consumer of the group, on a thread of its own (a KafkaConsumer is not thread-safe). */
    static final class LabConsumer implements Runnable {
        final String name;
        private final Properties props;
        private final String topic;
        private final OwnershipTimeline timeline;
        private final Processing processing;
        private final boolean commitOnRevoke;
        private final AtomicInteger failedCommits;
        private final Thread thread;
        private volatile boolean running = true;
        volatile Throwable failure;

        LabConsumer(String name, Properties props, String topic, OwnershipTimeline timeline, Processing processing,
                    boolean commitOnRevoke, AtomicInteger failedCommits) {
            this.name = name;
            this.props = props;
            this.topic = topic;
            this.timeline = timeline;
            this.processing = processing;
            this.commitOnRevoke = commitOnRevoke;
            this.failedCommits = failedCommits;
            this.thread = new Thread(this, "lab-consumer-" + name);
        }

        void start() {
            thread.start();
        }

        /** Leave the group gracefully: the loop ends, close() revokes (we commit) and sends LeaveGroup. */
        void stop() {
            running = false;
        }

        boolean finished() {
            return !thread.isAlive();
        }

        void await(Duration timeout) throws InterruptedException {
            thread.join(timeout.toMillis());
        }

        @Override
        public void run() {
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
            try {
                consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        if (commitOnRevoke) {
                            commit(consumer); // hand the partitions over with everything processed committed: no re-reads
                        }
                        timeline.released(name, numbers(partitions), false);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        timeline.assigned(name, numbers(partitions));
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        // already someone else's: committing now would fail, the new owner re-reads from the last commit
                        timeline.released(name, numbers(partitions), true);
                    }
                });
                long lastCommit = System.nanoTime();
                while (running && !STOP.get()) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, String> r : records) {
                        processing.process(Long.parseLong(r.value()));
                    }
                    if (commitOnRevoke ? !records.isEmpty() : System.nanoTime() - lastCommit > 1_000_000_000L) {
                        commit(consumer); // after processing: a crash now re-reads at most this batch
                        lastCommit = System.nanoTime();
                    }
                }
            } catch (WakeupException e) {
                // asked to stop
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(10))); // revokes (listener commits), leaves the group
            }
        }

        private void commit(KafkaConsumer<String, String> consumer) {
            try {
                consumer.commitSync(Duration.ofSeconds(10));
            } catch (RebalanceInProgressException e) {
                failedCommits.incrementAndGet(); // the revoke callback commits these offsets in a moment
            } catch (KafkaException e) {
                failedCommits.incrementAndGet(); // e.g. CommitFailedException: partitions already given away
            }
        }

        private static List<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).sorted().toList();
        }
    }

    /** Counts how often each sequence number was processed, and the longest pause of the whole group. */
    static final class Processing {
        private final Map<Long, Integer> counts = new ConcurrentHashMap<>();
        private final OwnershipTimeline clock;
        private final AtomicLong total = new AtomicLong();
        private volatile long windowStart = Long.MAX_VALUE;
        private volatile long windowEnd = Long.MAX_VALUE;
        private long last = -1;
        private long longestPause;

        Processing(OwnershipTimeline clock) {
            this.clock = clock;
        }

        void process(long seq) {
            if (seq < 0) {
                return; // the warm-up record, not part of the load
            }
            counts.merge(seq, 1, Integer::sum);
            total.incrementAndGet();
            long t = clock.now();
            synchronized (this) {
                if (t >= windowStart && t <= windowEnd) {
                    if (last >= 0) {
                        longestPause = Math.max(longestPause, t - last);
                    }
                    last = t;
                }
            }
        }

        void window(long start, long end) {
            windowStart = start;
            windowEnd = end;
        }

        synchronized long longestPause() {
            return longestPause;
        }

        long total() {
            return total.get();
        }

        boolean processedAll(Set<Long> seqs) {
            return counts.keySet().containsAll(seqs);
        }

        long twice() {
            return counts.values().stream().filter(c -> c > 1).count();
        }

        long missing(Set<Long> acked) {
            return acked.stream().filter(s -> !counts.containsKey(s)).count();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The load: keyed records carrying a sequence number, at a steady rate.

    static final class LoadProducer implements Runnable {
        private final KafkaProducer<String, String> producer;
        private final String topic;
        private final int rate;
        private final Thread thread = new Thread(this, "lab-producer");
        final Set<Long> acked = ConcurrentHashMap.newKeySet();
        final AtomicLong failed = new AtomicLong();
        volatile long sent;
        private volatile boolean running = true;

        LoadProducer(Properties connection, String topic, int rate) {
            Properties props = new Properties();
            props.putAll(connection);
            props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.setProperty(ProducerConfig.ACKS_CONFIG, "all");            // "acknowledged" = written to all in-sync replicas
            props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "lab-producer");
            this.producer = new KafkaProducer<>(props);
            this.topic = topic;
            this.rate = rate;
        }

        void start() {
            thread.start();
        }

        @Override
        public void run() {
            long start = System.nanoTime();
            long seq = 0;
            while (running && !STOP.get()) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                while (seq < due) {
                    final long s = seq++;
                    // the key picks the partition (same key, same partition); the value is the sequence number
                    producer.send(new ProducerRecord<>(topic, "key-" + (s % KEYS), Long.toString(s)), (md, e) -> {
                        if (e == null) {
                            acked.add(s);
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                    sent = seq;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // pacing, not a wait for Kafka
            }
        }

        /** Stops sending, waits for every acknowledgement, closes. */
        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
            producer.close(Duration.ofSeconds(15)); // sends what is buffered and waits for the acks (bounded)
        }
    }

    /**
     * Writes one record (sequence -1) to every partition of a new topic and waits for its ack, with a producer of its own.
     * Seen on Kafka 4.4.0: a load producer whose first batches meet NOT_LEADER_OR_FOLLOWER right after the topic was
     * created can get stuck retrying OUT_OF_ORDER_SEQUENCE_NUMBER forever; once every leader has accepted a write, not.
     */
    static void warmUp(Properties connection, String topic) {
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
                        producer.send(new ProducerRecord<>(topic, p, "warm-up", "-1")).get(10, TimeUnit.SECONDS);
                        break;
                    } catch (ExecutionException | TimeoutException e) {
                        if (System.nanoTime() > until) {
                            throw new IllegalStateException("partition " + p + " of " + topic + " takes no writes: " + e, e);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The scenario: A and B; C joins; A leaves. Each step waits until the group settled, then holds for one phase.

    static Result runScenario(Properties connection, Protocol protocol, Settings s) {
        String id = protocol.flag + "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + RUNS.incrementAndGet();
        String topic = "rebalance-lab-" + id;
        String group = "rebalance-lab-" + id;
        Progress progress = new Progress(protocol, s.progress());
        progress.say(String.format(Locale.ROOT, "== %s: topic %s, group %s, %d records/s, phases of %.1f s",
                protocol.title, topic, group, s.ratePerSecond(), s.phase().toMillis() / 1000.0));
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
                consumers.put(name, startConsumer(connection, protocol, group, name, topic, timeline, processing, s, failedCommits));
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
            consumers.put("C", startConsumer(connection, protocol, group, "C", topic, timeline, processing, s, failedCommits));
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
        long longestGap = gaps.stream().mapToLong(OwnershipTimeline.Gap::lengthMs).max().orElse(0);
        long longestUnmoved = gaps.stream().filter(g -> !g.moved()).mapToLong(OwnershipTimeline.Gap::lengthMs).max().orElse(0);
        List<long[]> idle = timeline.nobodyOwnsAnything(windowStart, windowEnd);
        long stopTheWorld = idle.stream().mapToLong(i -> i[1] - i[0]).sum();
        return new Result(protocol, join, leave, windowStart, windowEnd, longestGap, longestUnmoved, stopTheWorld,
                processing.longestPause(), producer.sent, producer.acked.size(), processing.total(), processing.twice(),
                processing.missing(producer.acked), timeline.overlaps(), failedCommits.get(), timeline.intervals(),
                endMs, markers, idle, timeline.events(), STOP.get());
    }

    private static LabConsumer startConsumer(Properties connection, Protocol protocol, String group, String name,
                                             String topic, OwnershipTimeline timeline, Processing processing,
                                             Settings s, AtomicInteger failedCommits) {
        LabConsumer c = new LabConsumer(name, consumerProperties(connection, protocol, group, name), topic, timeline,
                processing, s.commitOnRevoke(), failedCommits);
        c.start();
        return c;
    }

    /**
     * Waits (at most {@value #SETTLE_TIMEOUT_S} s) until every partition has an owner among {@code members} and each of
     * them owns at least one (and {@code leaver}, if any, has closed). Returns the owners then, or null: not settled.
     */
    private static Map<Integer, String> awaitSettled(OwnershipTimeline timeline, Map<String, LabConsumer> consumers,
                                                     Set<String> members, LabConsumer leaver) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(SETTLE_TIMEOUT_S);
        while (System.nanoTime() < until && !STOP.get()) {
            Map<Integer, String> owners = timeline.owners();
            boolean settled = owners.size() == PARTITIONS
                    && members.containsAll(owners.values())
                    && owners.values().containsAll(members)
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

    private static void hold(Duration phase) throws InterruptedException {
        long until = System.nanoTime() + phase.toNanos();
        while (System.nanoTime() < until && !STOP.get()) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static Change change(String name, OwnershipTimeline timeline, long from, long settledAt, long to,
                                 Map<Integer, String> before, Map<Integer, String> after) {
        Set<Integer> revoked = new TreeSet<>();
        int callbacks = 0;
        for (OwnershipTimeline.Event e : timeline.events()) {
            if (e.atMs() >= from && e.atMs() < to && e.kind() != OwnershipTimeline.Kind.ASSIGNED && !e.partitions().isEmpty()) {
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

    // ---------------------------------------------------------------------------------------------------------------
    // Output: the table and the HTML page.

    static final List<String> HEADER = List.of("protocol", "revoked on join (moved)", "revoked on leave (moved)",
            "longest no-owner gap", "… of a partition that did not move", "nobody owned anything (stop the world)",
            "longest processing pause", "processed twice", "lost");

    static List<List<String>> rows(List<Result> results) {
        List<List<String>> rows = new ArrayList<>();
        for (Result r : results) {
            rows.add(TimelineHtml.row(r.protocol().flag + (r.interrupted() ? " (stopped early)" : ""),
                    r.join().revoked().size() + " of " + PARTITIONS + " (" + r.join().moved().size() + ")",
                    r.leave().revoked().size() + " of " + PARTITIONS + " (" + r.leave().moved().size() + ")",
                    r.longestGapMs() + " ms", r.longestUnmovedGapMs() + " ms", r.stopTheWorldMs() + " ms",
                    r.longestPauseMs() + " ms", r.processedTwice() + " of " + r.acked(),
                    r.interrupted() ? "n/a (not drained)" : String.valueOf(r.lost())));
        }
        return rows;
    }

    /** The console table: one line per protocol, then what each column means. */
    public static String table(List<Result> results) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("protocol", "revoked on join", "revoked on leave", "longest gap", "gap, unmoved",
                "stop-the-world", "longest pause", "twice", "lost"));
        for (List<String> r : rows(results)) {
            rows.add(r);
        }
        int[] w = new int[rows.get(0).size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 0 ? String.format("%-" + w[i] + "s", r.get(i)) : String.format("  %" + w[i] + "s", r.get(i)));
            }
            sb.append(System.lineSeparator());
        }
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "%s: %d sent, %d acknowledged, %d processed; C's join settled in %d ms,"
                            + " A's leave in %d ms%s%s%n", r.protocol().flag, r.sent(), r.acked(), r.processed(),
                    r.join().settledMs() - r.join().triggerMs(), r.leave().settledMs() - r.leave().triggerMs(),
                    r.failedCommits() > 0 ? "; " + r.failedCommits() + " commit(s) refused during a rebalance (normal: the"
                            + " group accepts them again once it settled; each was retried, nothing lost)" : "",
                    r.join().settled() && r.leave().settled() ? "" : "; DID NOT SETTLE within " + SETTLE_TIMEOUT_S + " s"));
        }
        sb.append("revoked = partitions given up in onPartitionsRevoked/onPartitionsLost (moved = partitions whose owner changed);")
                .append(System.lineSeparator())
                .append("gap = time a partition had no owner; stop-the-world = time not one partition had an owner;")
                .append(System.lineSeparator())
                .append("pause = longest time between two records processed by the group; twice/lost = of the acknowledged records.")
                .append(System.lineSeparator());
        return sb.toString();
    }

    /** Every listener call of one run, in time order: what a consumer was told, and when. */
    public static String events(Result r) {
        StringBuilder sb = new StringBuilder("-- " + r.protocol().flag + ": listener calls" + System.lineSeparator());
        for (OwnershipTimeline.Event e : r.events()) {
            sb.append(String.format(Locale.ROOT, "%8.3f s  %s %-8s %s%n", e.atMs() / 1000.0, e.owner(),
                    e.kind().name().toLowerCase(Locale.ROOT), e.partitions()));
        }
        return sb.toString();
    }

    public static Path writeHtml(List<Result> results, Settings settings, Path file) throws IOException {
        List<TimelineHtml.Chart> charts = new ArrayList<>();
        // close-ups of both rebalances, the same length for every protocol: from just before the change until the
        // slowest protocol had settled
        long joinSpan = 200 + results.stream().mapToLong(r -> r.join().settledMs() - r.join().triggerMs()).max().orElse(0) + 300;
        long leaveSpan = 200 + results.stream().mapToLong(r -> r.leave().settledMs() - r.leave().triggerMs()).max().orElse(0) + 300;
        for (Result r : results) {
            List<TimelineHtml.Zoom> zooms = List.of(
                    new TimelineHtml.Zoom(String.format(Locale.ROOT, "C joins (close-up, %.1f s)", joinSpan / 1000.0),
                            r.join().triggerMs() - 200, r.join().triggerMs() - 200 + joinSpan),
                    new TimelineHtml.Zoom(String.format(Locale.ROOT, "A leaves (close-up, %.1f s)", leaveSpan / 1000.0),
                            r.leave().triggerMs() - 200, r.leave().triggerMs() - 200 + leaveSpan));
            List<TimelineHtml.Bar> bars = r.intervals().stream()
                    .map(i -> new TimelineHtml.Bar(i.partition(), i.startMs(), i.endMs() < 0 ? r.endMs() : i.endMs(),
                            i.owner(), i.endedLost()))
                    .toList();
            List<TimelineHtml.Shade> shades = r.idle().stream().map(i -> new TimelineHtml.Shade(i[0], i[1])).toList();
            charts.add(new TimelineHtml.Chart(r.protocol().title, String.format(Locale.ROOT,
                    "revoked on C's join: %s (moved %s) · on A's leave: %s (moved %s) · longest gap %d ms, unmoved %d ms · "
                            + "stop-the-world %d ms · twice %d · lost %d",
                    r.join().revoked(), r.join().moved(), r.leave().revoked(), r.leave().moved(), r.longestGapMs(),
                    r.longestUnmovedGapMs(), r.stopTheWorldMs(), r.processedTwice(), r.lost()),
                    "P", PARTITIONS, r.endMs(), bars, r.markers(), shades, zooms));
        }
        String intro = String.format(Locale.ROOT, "6 partitions, %d keyed records/s with sequence numbers; consumers A and B, "
                        + "then C joins, then A leaves (close(): graceful); each phase %.1f s after the group settled. "
                        + "Consumers %s. Lanes = partitions, colour = owner, white = no owner.",
                settings.ratePerSecond(), settings.phase().toMillis() / 1000.0, settings.commitOnRevoke()
                        ? "commit after every processed batch and in onPartitionsRevoked"
                        : "commit once a second only, never on revoke");
        List<String> notes = List.of(
                "Eager (RangeAssignor): every member revokes everything at every rebalance, then waits for the new assignment.",
                "Cooperative (CooperativeStickyAssignor) and KIP-848 (group.protocol=consumer): only the partitions that move "
                        + "are revoked; the others keep being processed.",
                "The default classic consumer (partition.assignment.strategy = [RangeAssignor, CooperativeStickyAssignor]) is eager.",
                "Made by dev.kafka101.basics.RebalanceLab; proven by RebalanceLabTest.");
        return TimelineHtml.write(file, "Rebalance lab: eager vs cooperative vs KIP-848", intro, HEADER, rows(results),
                charts, notes);
    }

    /** The live progress line ({@code \r}), and lines that must not be overwritten by it. */
    static final class Progress {
        private final Protocol protocol;
        private final boolean live;
        private volatile String phase = "";
        private Thread printer;

        Progress(Protocol protocol, boolean live) {
            this.protocol = protocol;
            this.live = live;
        }

        void say(String line) {
            synchronized (System.out) {
                System.out.print(live ? "\r" + " ".repeat(110) + "\r" : "");
                System.out.println(line);
            }
        }

        void phase(String p) {
            phase = p;
        }

        void watch(OwnershipTimeline timeline, Processing processing, LoadProducer producer) {
            if (!live) {
                return;
            }
            printer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    Map<Integer, String> owners = timeline.owners();
                    Map<String, List<Integer>> byOwner = new HashMap<>();
                    owners.forEach((p, o) -> byOwner.computeIfAbsent(o, k -> new ArrayList<>()).add(p));
                    String own = byOwner.entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + ":" + e.getValue().stream().map(String::valueOf).collect(Collectors.joining(",")))
                            .collect(Collectors.joining(" "));
                    String line = String.format(Locale.ROOT, "\r[%s] %5.1f s  %-20s sent %6d  processed %6d  owners %-24s",
                            protocol.flag, timeline.now() / 1000.0, phase, producer.sent, processing.total(),
                            own.isEmpty() ? "(none)" : own);
                    synchronized (System.out) {
                        System.out.print(line);
                        System.out.flush();
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lab-progress");
            printer.setDaemon(true);
            printer.start();
        }

        void done() {
            if (printer != null) {
                printer.interrupt();
                try {
                    printer.join(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (System.out) {
                    System.out.print("\r" + " ".repeat(110) + "\r");
                    System.out.flush();
                }
            }
        }
    }
}
