package dev.kafka101.basics;

import static org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.acks.AcksReport;
import dev.kafka101.basics.acks.AcksTopics;
import dev.kafka101.basics.acks.DefaultRetries;
import dev.kafka101.basics.acks.Isr;
import dev.kafka101.basics.acks.Latency;
import dev.kafka101.basics.acks.Outcome;
import dev.kafka101.basics.acks.Outcome.Kind;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.basics.lab.CtrlCNote;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What {@code acks} and {@code min.insync.replicas} really promise: a table of acks 0/1/all × min.insync.replicas
 * 1/2/3 × 0/1/2 of 3 brokers stopped (topic with replication factor 3, leader on broker 0), plus p50/p99 send latency
 * per acks level; the table and the ISR plumbing are in {@code basics.acks}.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.AcksLab}
 * (embedded 3-broker cluster; followers 1 and 2 are stopped, then restarted). Proven by {@code AcksLabTest}.
 */
public final class AcksLab {
    public static final List<String> ACKS = List.of("0", "1", "all");
    public static final List<Integer> MIN_ISR = List.of(1, 2, 3);
    public static final int REPLICATION_FACTOR = 3;

    private AcksLab() {}

    public static void main(String[] args) {
        // The lab prints each rejected write in its table: mute the broker's ERROR stack trace and the producer's
        // retry WARN line for the same event (only for this run; set before the first logger is created).
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        DemoMain.runPrivate(
                CommandLine.spec("AcksLab"),
                args,
                REPLICATION_FACTOR,
                "this lab stops brokers, which it never does to the shared cluster",
                kafka -> {
                    AtomicBoolean finished = CtrlCNote.register();
                    Brokers brokers = kafka.embeddedCluster().map(Brokers::of).orElse(null);
                    if (brokers == null) {
                        System.out.println(
                                "External cluster: this lab cannot stop its brokers, so only the '0 stopped' column"
                                        + " and the latencies run.");
                    }
                    String topicPrefix = "acks-lab-" + Long.toString(System.currentTimeMillis(), 36);
                    Result result = run(kafka.clientProperties(), topicPrefix, brokers, 500, Duration.ofSeconds(3));
                    System.out.println();
                    System.out.print(AcksReport.render(result));
                    finished.set(true);
                });
    }

    /** The producer settings of the table. Everything except {@code acks} is the same in every cell. */
    static Properties producerProperties(Properties connection, String acks) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // THE setting of this lab: 0, 1 or all
        props.setProperty(ProducerConfig.ACKS_CONFIG, acks);
        // acks 0/1 and retries=0 need it off: say so, don't let Kafka switch it off silently
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        // show the broker's own answer, not a retry loop (see "with default retries" below)
        props.setProperty(ProducerConfig.RETRIES_CONFIG, "0");
        // send at once: time the acks round trip, not the 5 ms batching wait (4.x default)
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        // a broker that does not answer within 2 s is a 'timeout' cell (default 30 s)
        props.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        // must be >= request.timeout.ms + linger.ms (default 120 s)
        props.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000");
        // bound the wait for metadata (default 60 s)
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
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
    public static Result run(
            Properties connection, String topicPrefix, Brokers brokers, int latencySamples, Duration deliveryTimeout)
            throws Exception {
        Map<String, Outcome> cells = new LinkedHashMap<>();
        Map<Integer, List<Integer>> isr = new LinkedHashMap<>();
        Map<String, Double> p50 = new LinkedHashMap<>();
        Map<String, Double> p99 = new LinkedHashMap<>();
        Outcome withDefaultRetries = null;
        try (Admin admin = Admin.create(connection)) {
            List<Integer> ids = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .sorted()
                    .limit(REPLICATION_FACTOR)
                    .toList();
            if (ids.size() < REPLICATION_FACTOR) {
                throw new IllegalStateException("this lab needs 3 brokers, the cluster has " + ids.size());
            }
            List<Integer> followers = ids.subList(1, REPLICATION_FACTOR);
            // one RF 3 topic per min.insync.replicas value, leader on the lowest id (never stopped: nor the controller)
            Map<Integer, String> topics = AcksTopics.create(admin, topicPrefix, ids, MIN_ISR);

            Map<String, KafkaProducer<String, String>> producers = new LinkedHashMap<>();
            List<Integer> stopped = new ArrayList<>();
            try {
                for (String acks : ACKS) {
                    producers.put(acks, new KafkaProducer<>(producerProperties(connection, acks)));
                }
                // column by column: 0, 1, 2 followers stopped (an external cluster: column 0 only)
                for (int down = 0; down < REPLICATION_FACTOR && (down == 0 || brokers != null); down++) {
                    if (down > 0) {
                        int victim = followers.get(down - 1);
                        System.out.printf("Stopping broker %d (a follower)...%n", victim);
                        brokers.stop(victim);
                        stopped.add(victim);
                        Isr.awaitSize(admin, topics.values(), REPLICATION_FACTOR - down);
                    }
                    isr.put(down, Isr.of(admin, topics.get(1)));
                    if (down == 0) {
                        Latency.measure(producers, topics.get(2), latencySamples, p50, p99);
                    }
                    for (String acks : ACKS) {
                        for (int minIsr : MIN_ISR) {
                            String value = "acks=" + acks + " down=" + down;
                            cells.put(key(acks, minIsr, down), sendOne(producers.get(acks), topics.get(minIsr), value));
                        }
                    }
                    System.out.printf(
                            "  %d stopped, ISR %s: %d cells done%n", down, isr.get(down), ACKS.size() * MIN_ISR.size());
                    if (down == REPLICATION_FACTOR - 1) {
                        withDefaultRetries = DefaultRetries.send(connection, topics.get(2), deliveryTimeout);
                    }
                }
            } finally {
                producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
                for (int id : stopped) {
                    System.out.printf("Restarting broker %d...%n", id);
                    brokers.restart(id);
                }
            }
            Isr.awaitSize(admin, topics.values(), REPLICATION_FACTOR);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(connection, "all"))) {
                Outcome afterRestart = sendOne(producer, topics.get(3), "after restart");
                return new Result(
                        ids.get(0),
                        cells,
                        isr,
                        p50,
                        p99,
                        latencySamples,
                        withDefaultRetries,
                        withDefaultRetries == null ? null : deliveryTimeout,
                        Isr.of(admin, topics.get(3)),
                        afterRestart,
                        List.copyOf(topics.values()));
            }
        }
    }

    public static Outcome sendOne(KafkaProducer<String, String> producer, String topic, String value)
            throws InterruptedException {
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

    static String key(String acks, int minIsr, int brokersDown) {
        return acks + "/" + minIsr + "/" + brokersDown;
    }

    /** Everything the lab measured (rendered by {@link AcksReport}). */
    public record Result(
            int leader,
            Map<String, Outcome> cells,
            Map<Integer, List<Integer>> isr,
            Map<String, Double> p50,
            Map<String, Double> p99,
            int latencySamples,
            Outcome withDefaultRetries,
            Duration deliveryTimeout,
            List<Integer> isrAfterRestart,
            Outcome afterRestart,
            List<String> topicsCreated) {
        public Result {
            cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
            isr = Collections.unmodifiableMap(new LinkedHashMap<>(isr));
            p50 = Collections.unmodifiableMap(new LinkedHashMap<>(p50));
            p99 = Collections.unmodifiableMap(new LinkedHashMap<>(p99));
            isrAfterRestart = List.copyOf(isrAfterRestart);
            topicsCreated = List.copyOf(topicsCreated);
        }

        /** The cell for acks × min.insync.replicas × brokers stopped (null when that column did not run). */
        public Outcome cell(String acks, int minIsr, int brokersDown) {
            return cells.get(key(acks, minIsr, brokersDown));
        }
    }
}
