package dev.kafka101.wikimedia.stats;

import dev.kafka101.local.DemoMain;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Consume → transform → produce: reads {@code wikimedia.recentchange} as group {@code wikimedia-stats}, writes one
 * stats record per second to {@code wikimedia.stats}; at-least-once by default, {@code --exactly-once} with a
 * transaction per second. Run (after the producer):
 * {@code ./mvnw -q -pl wikimedia-stats -am compile exec:java}.
 * Proven by {@code WikimediaStatsConsumerTest} (totals, bad records) and {@code StatsCrashTest} (SIGKILL, both modes).
 */
public final class WikimediaStatsConsumer {
    public static final String INPUT = "wikimedia.recentchange";
    public static final String OUTPUT = "wikimedia.stats";
    public static final String GROUP = "wikimedia-stats";
    static final long WINDOW_MS = 1000;

    private final StatsRun.Options options;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final StatsRun.Status status;
    private final Map<TopicPartition, OffsetAndMetadata> processed = new HashMap<>(); // next offset to read
    private StatsWindow window = new StatsWindow(System.currentTimeMillis());
    private boolean uncommitted;
    private long lastCommitMs = System.currentTimeMillis();

    public static void main(String[] args) {
        StatsRun.Stopper stop = new StatsRun.Stopper();
        // the stats flags are checked while parsing: bad flags cost milliseconds, not a cluster start
        DemoMain.run(StatsRun.spec().withCheck(StatsRun::parse), args, kafka -> {
            StatsRun.Options options = StatsRun.parse(kafka.commandLine());
            try {
                StatsRun.prepare(kafka, options); // both topics exist; a cluster in this JVM gets the bundled replay
                stop.onCtrlC();
                StatsRun.Summary summary = run(options, kafka.clientProperties(), System.out, stop);
                System.out.println(summary);
                stop.finished();
            } catch (org.apache.kafka.common.KafkaException e) {
                stop.finished(); // no Ctrl-C wait: the error exits at once
                throw StatsRun.oneLine(e, options);
            }
        });
    }

    static Properties consumerProperties(Properties connection, StatsRun.Options o) {
        Properties props = new Properties();
        props.putAll(connection);
        // key: the wiki (e.g. enwiki), value: the event's JSON as the producer received it
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, o.group()); // instances of the job share the partitions
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, o.instanceId()); // names this instance in logs and metrics
        // a static member: a restarted instance takes its partitions back at once instead of after session.timeout.ms
        props.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, o.instanceId());
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // a new group starts at the first event
        // never auto-commit: a window spans several polls, and auto-commit would mark records done before their
        // stats are written (a crash would then lose them: at-most-once)
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (o.exactlyOnce()) {
            // skip records of aborted transactions upstream: only committed input counts (here the input is written
            // without transactions, so this changes nothing, but a chain of exactly-once jobs needs it)
            props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return props;
    }

    static Properties producerProperties(Properties connection, StatsRun.Options o) {
        Properties props = new Properties();
        props.putAll(connection);
        // key: the instance's name, value: the stats JSON
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, o.instanceId()); // names this instance in logs and metrics
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all"); // acknowledged = on every in-sync replica
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"); // retries never write a record twice
        if (o.exactlyOnce()) {
            // stable per instance: a restarted instance fences its dead predecessor and aborts its open transaction
            props.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, o.instanceId());
            // a crashed instance that never returns blocks read_committed readers of the stats at most this long
            props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        }
        return props;
    }

    /** Runs until {@code stop}, {@code --seconds} or (with {@code --until-caught-up}) no lag; closes what it opened. */
    public static StatsRun.Summary run(
            StatsRun.Options o, Properties connection, PrintStream out, StatsRun.Stopper stop) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection, o));
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(connection, o))) {
            stop.watch(consumer);
            return new WikimediaStatsConsumer(o, consumer, producer, out).loop(stop);
        } // closed: the consumer first (its revoke callback may still publish), then the producer
    }

    private WikimediaStatsConsumer(
            StatsRun.Options o,
            KafkaConsumer<String, String> consumer,
            KafkaProducer<String, String> producer,
            PrintStream out) {
        this.options = o;
        this.consumer = consumer;
        this.producer = producer;
        this.status = new StatsRun.Status(out, o);
    }

    private StatsRun.Summary loop(StatsRun.Stopper stop) {
        if (options.exactlyOnce()) {
            producer.initTransactions(); // fences an older producer with our transactional.id, aborts its transaction
        }
        consumer.subscribe(List.of(options.input()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                publish(true); // hand the partitions over with their stats written and their offsets committed
                processed.keySet().removeAll(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // already owned by another member (we were fenced or timed out): commit nothing, count nothing more;
                // the records of the open window are re-read by the new owner from the last committed offsets
                window = new StatsWindow(System.currentTimeMillis());
                processed.keySet().removeAll(partitions);
                uncommitted = false;
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                status.assigned(consumer.committed(new HashSet<>(partitions)));
            }
        });
        long end = options.seconds() > 0 ? System.currentTimeMillis() + options.seconds() * 1000 : Long.MAX_VALUE;
        try {
            while (!stop.requested() && System.currentTimeMillis() < end) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> r : records) {
                    String bad = window.add(r.partition(), r.offset(), r.value()); // the transform (StatsWindow)
                    if (bad != null) {
                        status.bad(r, bad); // one line; counted in "bad", nowhere else
                    }
                    processed.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    uncommitted = true;
                }
                status.read(records.count());
                if (System.currentTimeMillis() - window.windowStart() >= WINDOW_MS) {
                    publish(false);
                    status.tick(consumer);
                    if (options.untilCaughtUp() && status.caughtUp(consumer)) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            out().println("Stopping: writing the last stats and committing...");
        }
        publish(true); // the last window and its offsets
        return status.summary();
    }

    /** Writes the window's stats record and, when due, commits the offsets of the records it counted. */
    private void publish(boolean commitNow) {
        long started = System.nanoTime();
        try {
            publishWindow(commitNow);
        } finally {
            status.publishTook(System.nanoTime() - started); // the time the consumer did not read
        }
    }

    private void publishWindow(boolean commitNow) {
        long now = System.currentTimeMillis();
        StatsWindow done = window;
        window = new StatsWindow(now);
        ProducerRecord<String, String> stats = done.isEmpty()
                ? null
                : new ProducerRecord<>(options.output(), options.instanceId(), done.toJson(now, options.instanceId()));
        if (options.exactlyOnce()) {
            if (stats == null) {
                return; // nothing read, nothing to commit
            }
            producer.beginTransaction();
            producer.send(stats);
            // the offsets are committed by the same transaction as the stats: both become visible, or neither
            producer.sendOffsetsToTransaction(new HashMap<>(processed), consumer.groupMetadata());
            producer.commitTransaction();
            status.published(done, true);
            return;
        }
        if (stats != null) {
            producer.send(stats);
            status.published(done, false);
        }
        if (uncommitted && (commitNow || now - lastCommitMs >= options.commitEverySeconds() * 1000L)) {
            producer.flush(); // every stats record sent so far is acknowledged ...
            consumer.commitSync(processed); // ... before the offsets say the records are done
            uncommitted = false;
            lastCommitMs = now;
            status.committed(processed);
        }
    }

    private PrintStream out() {
        return status.out();
    }
}
