package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.basics.lab.Brokers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * What {@code acks} and {@code min.insync.replicas} really promise: a table of acks 0/1/all × min.insync.replicas
 * 1/2/3 × 0/1/2 of 3 brokers stopped (topic with replication factor 3, leader on broker 0), plus p50/p99 send latency
 * per acks level. Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.AcksLab}
 * (embedded 3-broker cluster; followers 1 and 2 are stopped, then restarted). Proven by {@code AcksLabTest}.
 */
public final class AcksLab {
    public static final List<String> ACKS = List.of("0", "1", "all");
    public static final List<Integer> MIN_ISR = List.of(1, 2, 3);
    public static final int REPLICATION_FACTOR = 3;

    private AcksLab() {
    }

    public static void main(String[] args) {
        // The lab prints each rejected write in its table: mute the broker's ERROR stack trace and the producer's
        // retry WARN line for the same event (only for this run; set before the first logger is created).
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        AtomicBoolean finished = new AtomicBoolean();
        DemoMain.runPrivate(CommandLine.spec("AcksLab"), args, REPLICATION_FACTOR,
                "this lab stops brokers, which it never does to the shared cluster", kafka -> {
            // Ctrl-C / SIGTERM: the embedded cluster's own hook stops it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!finished.get()) {
                    System.out.println("\nStopping (Ctrl-C): an embedded cluster shuts down with this JVM and its "
                            + "data folder is deleted.");
                }
            }));
            Brokers brokers = kafka.embeddedCluster().map(Brokers::of).orElse(null);
            if (brokers == null) {
                System.out.println("External cluster: this lab cannot stop its brokers, so only the '0 stopped' column and the latencies run.");
            }
            String topicPrefix = "acks-lab-" + Long.toString(System.currentTimeMillis(), 36);
            Result result = run(kafka.clientProperties(), topicPrefix, brokers, 500, Duration.ofSeconds(3));
            System.out.println();
            System.out.print(result.render());
            finished.set(true);
        });
    }

    /**
     * The producer settings of the table. Everything except {@code acks} is the same in every cell.
     */
    static Properties producerProperties(Properties connection, String acks) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());   // keys are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // values are text
        props.setProperty(ProducerConfig.ACKS_CONFIG, acks);                  // THE setting of this lab: 0, 1 or all
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // acks 0/1 and retries=0 need it off: say so, don't let Kafka switch it off silently
        props.setProperty(ProducerConfig.RETRIES_CONFIG, "0");               // show the broker's own answer, not a retry loop (see "with default retries" below)
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");             // send at once: time the acks round trip, not the 5 ms batching wait (4.x default)
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000"); // a broker that does not answer within 2 s is a 'timeout' cell (default 30 s)
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000"); // must be >= request.timeout.ms + linger.ms (default 120 s)
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");       // bound the wait for metadata (default 60 s)
        return props;
    }

    /**
     * The same acks=all write as the table, but with the producer's default retries: the broker's
     * NotEnoughReplicas answer is retriable, so the producer retries it until delivery.timeout.ms runs out.
     */
    static Properties retryingProducerProperties(Properties connection, Duration deliveryTimeout) {
        Properties props = new Properties();
        props.putAll(connection);
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());   // keys are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()); // values are text
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");               // the 4.x default, written out
        // retries and enable.idempotence stay at their defaults: 2147483647 and true
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(1000, deliveryTimeout.toMillis() / 2))); // each attempt
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis())); // the whole send incl. retries (default 120 s)
        return props;
    }

    /**
     * Runs the lab: creates one RF 3 topic per min.insync.replicas value (leader on the lowest broker id, so stopping
     * the other two never stops the leader or the KRaft controller), fills the table column by column while stopping
     * followers, measures latency with every broker up, and restarts what it stopped.
     *
     * @param brokers          how to stop/restart brokers; {@code null} for an external cluster (only column 0 runs)
     * @param latencySamples   sync sends per acks level for p50/p99
     * @param deliveryTimeout  {@code delivery.timeout.ms} of the "default retries" example
     */
    public static Result run(Properties connection, String topicPrefix, Brokers brokers, int latencySamples,
                             Duration deliveryTimeout) throws Exception {
        Result result = new Result();
        try (Admin admin = Admin.create(connection)) {
            List<Integer> ids = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                    .map(Node::id).sorted().limit(REPLICATION_FACTOR).collect(Collectors.toList());
            if (ids.size() < REPLICATION_FACTOR) {
                throw new IllegalStateException("this lab needs 3 brokers, the cluster has " + ids.size());
            }
            result.leader = ids.get(0);
            List<Integer> followers = ids.subList(1, REPLICATION_FACTOR);

            Map<Integer, String> topics = new LinkedHashMap<>();
            List<NewTopic> newTopics = new ArrayList<>();
            for (int minIsr : MIN_ISR) {
                String topic = topicPrefix + "-min-isr-" + minIsr;
                topics.put(minIsr, topic);
                // replica list [leader, follower, follower]: the first replica is the preferred leader
                newTopics.add(new NewTopic(topic, Map.of(0, ids))
                        .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr))));
            }
            admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
            System.out.printf("Created %s-min-isr-{1,2,3}: 1 partition, replicas %s (leader %d), min.insync.replicas 1, 2, 3%n",
                    topicPrefix, ids, result.leader);
            awaitIsrSize(admin, topics.values(), REPLICATION_FACTOR);

            Map<String, KafkaProducer<String, String>> producers = new LinkedHashMap<>();
            List<Integer> stopped = new ArrayList<>();
            try {
                for (String acks : ACKS) {
                    producers.put(acks, new KafkaProducer<>(producerProperties(connection, acks)));
                }
                for (int down = 0; down < REPLICATION_FACTOR; down++) {
                    if (down > 0) {
                        if (brokers == null) {
                            break;
                        }
                        int victim = followers.get(down - 1);
                        System.out.printf("Stopping broker %d (a follower)...%n", victim);
                        brokers.stop(victim);
                        stopped.add(victim);
                        awaitIsrSize(admin, topics.values(), REPLICATION_FACTOR - down);
                    }
                    result.isr.put(down, isr(admin, topics.get(1)));
                    if (down == 0) {
                        measureLatency(producers, topics.get(2), latencySamples, result);
                    }
                    for (String acks : ACKS) {
                        for (int minIsr : MIN_ISR) {
                            Outcome o = sendOne(producers.get(acks), topics.get(minIsr), "acks=" + acks + " down=" + down);
                            result.cells.put(key(acks, minIsr, down), o);
                        }
                    }
                    System.out.printf("  %d stopped, ISR %s: %d cells done%n", down, result.isr.get(down), ACKS.size() * MIN_ISR.size());
                    if (down == REPLICATION_FACTOR - 1) {
                        result.withDefaultRetries = sendWithDefaultRetries(connection, topics.get(2), deliveryTimeout);
                        result.deliveryTimeout = deliveryTimeout;
                    }
                }
            } finally {
                producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
                for (int id : stopped) {
                    System.out.printf("Restarting broker %d...%n", id);
                    brokers.restart(id);
                }
            }
            awaitIsrSize(admin, topics.values(), REPLICATION_FACTOR);
            result.isrAfterRestart = isr(admin, topics.get(3));
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection, "all"))) {
                result.afterRestart = sendOne(producer, topics.get(3), "after restart");
            }
            result.topicsCreated = new ArrayList<>(topics.values());
        }
        return result;
    }

    private static void measureLatency(Map<String, KafkaProducer<String, String>> producers, String topic, int samples,
                                       Result result) throws Exception {
        result.latencySamples = samples;
        for (Map.Entry<String, KafkaProducer<String, String>> e : producers.entrySet()) {
            KafkaProducer<String, String> producer = e.getValue();
            for (int i = 0; i < 20; i++) { // warm-up: connections, metadata, JIT
                producer.send(new ProducerRecord<>(topic, "warm-up " + i)).get(10, TimeUnit.SECONDS);
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "latency " + i)).get(10, TimeUnit.SECONDS); // one record, wait for the answer
                nanos[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(nanos);
            result.p50.put(e.getKey(), percentile(nanos, 50) / 1e6);
            result.p99.put(e.getKey(), percentile(nanos, 99) / 1e6);
        }
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static Outcome sendOne(KafkaProducer<String, String> producer, String topic, String value) throws InterruptedException {
        long t0 = System.nanoTime();
        try {
            RecordMetadata m = producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            // acks=0: the producer never hears back, so it cannot know the offset (-1)
            return new Outcome(m.hasOffset() ? Kind.ACCEPTED : Kind.SENT_NO_REPLY, m.offset(), null, took);
        } catch (ExecutionException e) {
            return Outcome.failed(e.getCause(), Duration.ofNanos(System.nanoTime() - t0));
        } catch (java.util.concurrent.TimeoutException e) {
            return new Outcome(Kind.TIMEOUT, -1, "no answer within 30 s", Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    private static Outcome sendWithDefaultRetries(Properties connection, String topic, Duration deliveryTimeout)
            throws InterruptedException {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(retryingProducerProperties(connection, deliveryTimeout))) {
            producer.partitionsFor(topic); // metadata first, so the clock below only measures the send
            return sendOne(producer, topic, "default retries");
        }
    }

    private static List<Integer> isr(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        return d.partitions().get(0).isr().stream().map(Node::id).sorted().collect(Collectors.toList());
    }

    /** Polls the cluster's metadata until every topic's ISR has {@code size} members (30 s at most). */
    private static void awaitIsrSize(Admin admin, java.util.Collection<String> topics, int size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean done = true;
            for (String t : topics) {
                try {
                    done &= isr(admin, t).size() == size;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    done = false; // a new topic not yet in the metadata of the broker asked: ask again
                }
            }
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ISR did not reach " + size + " replicas within 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    static String key(String acks, int minIsr, int brokersDown) {
        return acks + "/" + minIsr + "/" + brokersDown;
    }

    /** How one write ended. */
    public enum Kind {
        ACCEPTED("accepted"),
        SENT_NO_REPLY("sent, no reply"),
        NOT_ENOUGH_REPLICAS("NotEnoughReplicas"),
        NOT_ENOUGH_REPLICAS_AFTER_APPEND("NotEnoughReplicasAfterAppend"),
        TIMEOUT("timeout"),
        FAILED("failed");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One cell of the table. */
    public record Outcome(Kind kind, long offset, String error, Duration took) {
        static Outcome failed(Throwable cause, Duration took) {
            Kind kind = cause instanceof NotEnoughReplicasException ? Kind.NOT_ENOUGH_REPLICAS
                    : cause instanceof NotEnoughReplicasAfterAppendException ? Kind.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                    : cause instanceof TimeoutException ? Kind.TIMEOUT
                    : Kind.FAILED;
            return new Outcome(kind, -1, cause.getClass().getSimpleName() + ": " + cause.getMessage(), took);
        }

        public boolean written() {
            return kind == Kind.ACCEPTED || kind == Kind.SENT_NO_REPLY;
        }
    }

    /** Everything the lab measured. */
    public static final class Result {
        public int leader;
        public final Map<String, Outcome> cells = new LinkedHashMap<>();
        public final Map<Integer, List<Integer>> isr = new LinkedHashMap<>();
        public final Map<String, Double> p50 = new LinkedHashMap<>();
        public final Map<String, Double> p99 = new LinkedHashMap<>();
        public int latencySamples;
        public Outcome withDefaultRetries;
        public Duration deliveryTimeout;
        public List<Integer> isrAfterRestart;
        public Outcome afterRestart;
        public List<String> topicsCreated;

        /** The cell for acks × min.insync.replicas × brokers stopped (null when that column did not run). */
        public Outcome cell(String acks, int minIsr, int brokersDown) {
            return cells.get(key(acks, minIsr, brokersDown));
        }

        public String render() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("One record per cell, topic with replication factor 3, leader broker %d, retries=0:%n", leader));
            sb.append(String.format("%-20s", ""));
            for (int down : isr.keySet()) {
                sb.append(String.format("| %-33s", down + (down == 1 ? " broker" : " brokers") + " stopped, ISR " + isr.get(down)));
            }
            sb.append(System.lineSeparator());
            for (String acks : ACKS) {
                for (int minIsr : MIN_ISR) {
                    sb.append(String.format("%-20s", "acks=" + acks + " min.isr=" + minIsr));
                    for (int down : isr.keySet()) {
                        sb.append(String.format("| %-33s", cell(acks, minIsr, down).kind().label));
                    }
                    sb.append(System.lineSeparator());
                }
            }
            sb.append(String.format("(min.insync.replicas counts the leader: acks=all needs ISR size >= min.insync.replicas;"
                    + " acks=0/1 ignore it)%n%n"));
            sb.append(String.format("Send latency, all 3 brokers up, min.insync.replicas=2, %d sync sends per level, linger.ms=0:%n",
                    latencySamples));
            for (String acks : p50.keySet()) {
                sb.append(String.format("  acks=%-4s p50 %6.2f ms   p99 %6.2f ms%n", acks, p50.get(acks), p99.get(acks)));
            }
            if (withDefaultRetries != null) {
                sb.append(String.format("%nWith default retries (acks=all, min.insync.replicas=2, ISR %s, delivery.timeout.ms=%d):"
                                + " %s after %.1f s%n  %s%n", isr.get(REPLICATION_FACTOR - 1), deliveryTimeout.toMillis(),
                        withDefaultRetries.kind().label, withDefaultRetries.took().toMillis() / 1000.0, withDefaultRetries.error()));
                sb.append(String.format("  NotEnoughReplicas is retriable: the producer retries until delivery.timeout.ms"
                        + " (default 120 s) and then reports a TimeoutException.%n"));
            }
            if (afterRestart != null) {
                sb.append(String.format("%nRestarted the stopped brokers: ISR %s again; acks=all to min.insync.replicas=3: %s (offset %d)%n",
                        isrAfterRestart, afterRestart.kind().label, afterRestart.offset()));
            }
            return sb.toString();
        }
    }
}
