package dev.kafka101.wikimedia.stats;

import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import dev.kafka101.wikimedia.ReplayServer;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import dev.kafka101.wikimedia.WikimediaChangesProducer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;

/**
 * Plumbing of {@link WikimediaStatsConsumer}: its flags, the one-line status each second, Ctrl-C, and feeding a
 * cluster that lives in this JVM (nobody else can write to it).
 */
public final class StatsRun {
    /** Bad records reported one line each up to this many; then only counted. */
    static final int BAD_LINES = 20;

    private StatsRun() {}

    /** One run's settings; {@link #parse} builds them from the flags, tests and benchmarks directly. */
    public record Options(
            String input,
            String output,
            String group,
            boolean exactlyOnce,
            int instance,
            int commitEverySeconds,
            long seconds,
            boolean untilCaughtUp) {
        public static Options defaults() {
            return new Options(
                    WikimediaStatsConsumer.INPUT,
                    WikimediaStatsConsumer.OUTPUT,
                    WikimediaStatsConsumer.GROUP,
                    false,
                    0,
                    5,
                    0,
                    false);
        }

        /** The instance's name: client.id, group.instance.id and (exactly-once) transactional.id. */
        public String instanceId() {
            return group + "-" + instance;
        }

        public Options exactlyOnce(boolean on) {
            return new Options(input, output, group, on, instance, commitEverySeconds, seconds, untilCaughtUp);
        }

        public Options topics(String in, String out, String groupId) {
            return new Options(in, out, groupId, exactlyOnce, instance, commitEverySeconds, seconds, untilCaughtUp);
        }

        public Options untilCaughtUp(boolean on) {
            return new Options(input, output, group, exactlyOnce, instance, commitEverySeconds, seconds, on);
        }
    }

    /** How a run ended. */
    public record Summary(
            long events,
            long bad,
            long statsRecords,
            long commits,
            double seconds,
            double readingSeconds,
            double publishingSeconds) {
        /** Events per second from the first record read to the last (start-up and idle time left out). */
        public double eventsPerSecond() {
            return (events + bad) / Math.max(1e-9, readingSeconds);
        }

        @Override
        public String toString() {
            return String.format(
                    "Done: %,d events (%,d bad) in %.1f s (%,.0f events/s while reading);"
                            + " %,d stats records, %,d commits",
                    events, bad, seconds, eventsPerSecond(), statsRecords, commits);
        }
    }

    public static CommandLine spec() {
        return CommandLine.spec("WikimediaStatsConsumer")
                .withSwitch("--exactly-once", "transactional producer: stats and offsets in one transaction per second")
                .withValue("--seconds", "stop after N seconds (default: run until Ctrl-C)")
                .withSwitch("--until-caught-up", "stop once every partition is read to its end (lag 0)")
                .withValue("--instance", "number of this instance, 0-999 (default 0): one per running instance")
                .withValue("--commit-every", "at-least-once: commit offsets every N seconds (default 5)")
                .withValue("--topic", "topic to read (default " + WikimediaStatsConsumer.INPUT + ")")
                .withValue("--stats-topic", "topic to write (default " + WikimediaStatsConsumer.OUTPUT + ")")
                .withValue("--group", "consumer group (default " + WikimediaStatsConsumer.GROUP + ")");
    }

    public static Options parse(CommandLine cli) {
        boolean eos = cli.isOn("--exactly-once");
        if (eos && cli.value("--commit-every").isPresent()) {
            throw new BadInputException("--commit-every is for at-least-once: with --exactly-once the offsets are"
                    + " committed by every stats transaction (each second)");
        }
        return new Options(
                cli.value("--topic", WikimediaStatsConsumer.INPUT),
                cli.value("--stats-topic", WikimediaStatsConsumer.OUTPUT),
                cli.value("--group", WikimediaStatsConsumer.GROUP),
                eos,
                cli.intValue("--instance", 0, 0, 999),
                cli.intValue("--commit-every", 5, 1, 3600),
                cli.longValue("--seconds", 0, 1, 365L * 24 * 3600),
                cli.isOn("--until-caught-up"));
    }

    /** Both topics exist; a cluster in this JVM gets the bundled offline replay (60 events at 25/s) to count. */
    static void prepare(KafkaConnection kafka, Options o) {
        Properties connection = kafka.clientProperties();
        Topics.ensure(connection, o.input(), 3, 3);
        Topics.ensure(connection, o.output(), 1, 3);
        if (kafka.embeddedCluster().isPresent()) {
            Topics.ensure(connection, o.input() + ".dlq", 1, 3);
            System.out.println("This cluster lives in this JVM: feeding it the bundled replay (60 events, 25/s).");
            Thread feed = new Thread(
                    () -> {
                        try (ReplayServer server = ReplayServer.start(SyntheticRecentChanges.bundled(), 25, 0);
                                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
                            WikimediaChangesProducer.run(
                                    new WikimediaChangesProducer.Options(
                                            o.input(),
                                            server.uri(),
                                            server.lastId(),
                                            WikimediaChangesProducer.userAgent("offline replay"),
                                            0,
                                            null,
                                            null,
                                            false,
                                            WikimediaChangesProducer.COMPRESSION,
                                            1000,
                                            Map.of()),
                                    connection,
                                    quiet);
                        }
                    },
                    "bundled-replay");
            feed.setDaemon(true);
            feed.start();
        }
    }

    /** One line for a Kafka error mid-run (DemoMain prints it and exits 2). */
    static RuntimeException oneLine(KafkaException e, Options o) {
        if (e instanceof ProducerFencedException || e instanceof FencedInstanceIdException) {
            return new BadInputException("another instance runs as " + o.instanceId()
                    + " (group.instance.id/transactional.id): start this one with another --instance N");
        }
        return e;
    }

    /** Ctrl-C/SIGTERM: wake the consumer, let the main thread write the last stats, commit and close. */
    public static final class Stopper {
        private volatile boolean requested;
        private volatile KafkaConsumer<?, ?> consumer;
        private volatile boolean finished;
        private Thread hook;

        public void stop() {
            requested = true;
            KafkaConsumer<?, ?> c = consumer;
            if (c != null) {
                c.wakeup(); // the blocked poll() throws WakeupException in the consumer's thread
            }
        }

        public boolean requested() {
            return requested;
        }

        void watch(KafkaConsumer<?, ?> c) {
            consumer = c;
            if (requested) {
                c.wakeup();
            }
        }

        /** From now on Ctrl-C/SIGTERM wakes the consumer and waits for the main thread to finish cleanly. */
        void onCtrlC() {
            Thread main = Thread.currentThread();
            hook = new Thread(
                    () -> {
                        stop();
                        if (consumer == null) {
                            return; // nothing opened yet: nothing to close
                        }
                        try {
                            main.join(
                                    15_000); // main writes the last window, commits, closes the clients and the cluster
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (finished) {
                            Runtime.getRuntime().halt(0); // clean: exit 0, not the 143 of a SIGTERM
                        }
                    },
                    "stats-shutdown-hook");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** The run ended (cleanly, or with an error about to be reported): no more waiting for it on Ctrl-C. */
        void finished() {
            finished = true;
            if (hook != null) {
                // when the JVM is already stopping the hook is running: it sees finished and exits 0
                CtrlC.removeHookQuietly(hook);
            }
        }
    }

    /** The status line each second, the bad-record lines, and the totals. */
    static final class Status {
        private final PrintStream out;
        private final Options options;
        private final long startNanos = System.nanoTime();
        private long lastTickNanos = startNanos;
        private long firstReadNanos;
        private long publishNanos;
        private long lastReadNanos;
        private long events;
        private long eventsAtLastTick;
        private long bad;
        private long statsRecords;
        private long commits;

        Status(PrintStream out, Options options) {
            this.out = out;
            this.options = options;
            out.printf(
                    "%s: reading %s as group %s, one stats record per second to %s, %s%n",
                    options.instanceId(),
                    options.input(),
                    options.group(),
                    options.output(),
                    options.exactlyOnce()
                            ? "exactly-once (transactional.id " + options.instanceId() + ")"
                            : "at-least-once (offsets committed every " + options.commitEverySeconds() + " s)");
        }

        PrintStream out() {
            return out;
        }

        void assigned(Map<TopicPartition, OffsetAndMetadata> committed) {
            Map<String, String> from = new TreeMap<>();
            committed.forEach(
                    (tp, om) -> from.put(tp.toString(), om == null ? "the beginning" : "offset " + om.offset()));
            out.println("assigned: " + from);
        }

        /** A poll returned {@code count} records (for the events/s while reading). */
        void read(int count) {
            if (count > 0) {
                lastReadNanos = System.nanoTime();
                if (firstReadNanos == 0) {
                    firstReadNanos = lastReadNanos;
                }
            }
        }

        void bad(ConsumerRecord<String, String> r, String why) {
            bad++;
            if (bad <= BAD_LINES) {
                out.printf(
                        "bad record %s-%d@%d: %s (counted as bad, skipped)%s%n",
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        why,
                        bad == BAD_LINES ? "; further bad records are only counted" : "");
            }
        }

        void published(StatsWindow w, boolean committedToo) {
            events += w.events();
            statsRecords++;
            if (committedToo) {
                commits++;
            }
        }

        /** Time spent writing stats and committing (a transaction, or flush + commitSync). */
        void publishTook(long nanos) {
            publishNanos += nanos;
        }

        void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
            commits++;
        }

        void tick(KafkaConsumer<?, ?> consumer) {
            long now = System.nanoTime();
            double seconds = Math.max(1e-9, (now - lastTickNanos) / 1e9);
            out.printf(
                    "%,8.0f events/s | total %,d | bad %,d | lag %s | stats records %,d | commits %,d%n",
                    (events - eventsAtLastTick) / seconds, events, bad, lag(consumer), statsRecords, commits);
            lastTickNanos = now;
            eventsAtLastTick = events;
        }

        /** The records between the consumer's position and the end, as of its last fetch (no extra request). */
        static String lag(KafkaConsumer<?, ?> consumer) {
            long sum = 0;
            for (TopicPartition tp : consumer.assignment()) {
                OptionalLong lag = consumer.currentLag(tp);
                if (lag.isEmpty()) {
                    return "?";
                }
                sum += lag.getAsLong();
            }
            return String.format("%,d", sum);
        }

        boolean caughtUp(KafkaConsumer<?, ?> consumer) {
            Set<TopicPartition> assigned = consumer.assignment();
            return !assigned.isEmpty()
                    && assigned.stream().allMatch(tp -> consumer.currentLag(tp).orElse(1) == 0);
        }

        Summary summary() {
            return new Summary(
                    events,
                    bad,
                    statsRecords,
                    commits,
                    (System.nanoTime() - startNanos) / 1e9,
                    (lastReadNanos - firstReadNanos) / 1e9,
                    publishNanos / 1e9);
        }
    }
}
