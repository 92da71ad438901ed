package dev.kafka101.wikimedia.stats;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.Topics;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import dev.kafka101.wikimedia.WikimediaChangesProducer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Throughput of {@link WikimediaStatsConsumer} on a replay already in Kafka: at-least-once vs exactly-once, in one
 * run, alternated, each next to a bare consumer reading the same records (no JSON, no stats, no commits). Events/s
 * are counted from the first record read to the last. Prints a table; nothing is asserted.
 * Run: {@code ./mvnw -q -pl wikimedia-stats -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.wikimedia.stats.WikimediaStatsBenchmark}.
 */
public final class WikimediaStatsBenchmark {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private WikimediaStatsBenchmark() {}

    /** Medians over the repetitions, events/s. */
    public record Result(
            long events,
            int repeat,
            List<Double> atLeastOnce,
            List<Double> exactlyOnce,
            List<Double> bareRead,
            List<Double> transactions,
            List<Double> transactionMs) {
        /** Transactions committed per exactly-once run (one per second of reading, plus the last one). */
        public double transactionsPerRun() {
            return median(transactions);
        }

        /** Milliseconds per exactly-once transaction (begin, send, sendOffsetsToTransaction, commit). */
        public double msPerTransaction() {
            return median(transactionMs);
        }

        public double alos() {
            return median(atLeastOnce);
        }

        public double eos() {
            return median(exactlyOnce);
        }

        public double bare() {
            return median(bareRead);
        }

        public double ratio() {
            return eos() / alos();
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%,d events, %d runs each (median events/s): at-least-once %,.0f %s,"
                            + " exactly-once %,.0f %s (%.0f transactions per run, %.0f ms each), bare read %,.0f %s;"
                            + " exactly-once / at-least-once = %.2f",
                    events,
                    repeat,
                    alos(),
                    atLeastOnce.stream().map(d -> String.format("%.0f", d)).toList(),
                    eos(),
                    exactlyOnce.stream().map(d -> String.format("%.0f", d)).toList(),
                    transactionsPerRun(),
                    msPerTransaction(),
                    bare(),
                    bareRead.stream().map(d -> String.format("%.0f", d)).toList(),
                    ratio());
        }
    }

    public static void main(String[] args) {
        CommandLine spec = CommandLine.spec("WikimediaStatsBenchmark")
                .withValue("--events", "events replayed into the input topic (default 100000)")
                .withValue("--repeat", "runs per mode (default 3)");
        DemoMain.run(spec, args, kafka -> {
            int events = kafka.commandLine().intValue("--events", 100_000, 1_000, 10_000_000);
            int repeat = kafka.commandLine().intValue("--repeat", 3, 1, 50);
            Result r = measure(kafka.clientProperties(), events, repeat, System.out);
            System.out.println(r);
        });
    }

    /** Replays {@code events} synthetic events into a fresh topic, then runs each mode {@code repeat} times. */
    public static Result measure(Properties connection, int events, int repeat, PrintStream log) {
        String prefix = "bench.stats." + Long.toString(System.currentTimeMillis(), 36) + "." + RUNS.incrementAndGet();
        String input = prefix + ".in";
        Topics.ensure(connection, input, 3, 3);
        log.printf("Wikimedia stats consumer: loading %,d synthetic events into %s...%n", events, input);
        load(connection, input, events);
        run(connection, prefix, "warmup", input, false); // JIT, connections, group coordinator
        List<Double> alos = new ArrayList<>();
        List<Double> eos = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        List<Double> transactions = new ArrayList<>();
        List<Double> msEach = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            boolean eosFirst = i % 2 == 1; // alternate which goes first
            StatsRun.Summary a = eosFirst ? null : run(connection, prefix, "alos" + i, input, false);
            StatsRun.Summary e = run(connection, prefix, "eos" + i, input, true);
            if (eosFirst) {
                a = run(connection, prefix, "alos" + i, input, false);
            }
            double b = bareRead(connection, input, events);
            alos.add(a.eventsPerSecond());
            eos.add(e.eventsPerSecond());
            bare.add(b);
            transactions.add((double) e.statsRecords());
            msEach.add(1000 * e.publishingSeconds() / Math.max(1, e.statsRecords()));
            log.printf(
                    "   run %d/%d: at-least-once %,.0f, exactly-once %,.0f (%d transactions, %.0f ms each), bare read"
                            + " %,.0f events/s%n",
                    i + 1, repeat, a.eventsPerSecond(), e.eventsPerSecond(), e.statsRecords(), msEach.get(i), b);
        }
        return new Result(events, repeat, alos, eos, bare, transactions, msEach);
    }

    private static StatsRun.Summary run(
            Properties connection, String prefix, String name, String input, boolean exactlyOnce) {
        String stats = prefix + "." + name + ".stats";
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            Topics.ensure(connection, stats, 1, 3);
            return WikimediaStatsConsumer.run(
                    StatsRun.Options.defaults()
                            .topics(input, stats, prefix + "." + name)
                            .exactlyOnce(exactlyOnce)
                            .untilCaughtUp(true),
                    connection,
                    quiet,
                    new StatsRun.Stopper());
        }
    }

    /** The reference: a consumer that only reads the records (strings), from the first to the last. */
    private static double bareRead(Properties connection, String input, long events) {
        Properties p = new Properties();
        p.putAll(connection);
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts =
                    List.of(new TopicPartition(input, 0), new TopicPartition(input, 1), new TopicPartition(input, 2));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long read = 0;
            long first = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < events && System.nanoTime() < deadline) {
                int n = consumer.poll(Duration.ofMillis(100)).count();
                if (n > 0) {
                    last = System.nanoTime();
                    first = first == 0 ? last : first;
                    read += n;
                }
            }
            return read / Math.max(1e-9, (last - first) / 1e9);
        }
    }

    private static void load(Properties connection, String topic, int events) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                WikimediaChangesProducer.producerProperties(connection, WikimediaChangesProducer.COMPRESSION))) {
            for (long n = 0; n < events; n++) {
                String data = SyntheticRecentChanges.event(n, 0, 0);
                String wiki;
                try {
                    wiki = StatsWindow.parse(data).wiki();
                } catch (StatsWindow.BadEvent e) {
                    throw new IllegalStateException(e);
                }
                producer.send(new ProducerRecord<>(topic, wiki, data));
            }
            producer.flush();
        }
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
