package dev.kafka101.basics;

import dev.kafka101.local.CommandLine;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import dev.kafka101.local.DemoMain;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.basics.lab.ProduceResponseDroppingProxy;
import dev.kafka101.basics.lab.ProxiedBroker;
import dev.kafka101.local.Versions;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

/**
 * The safe (idempotent) producer: the settings it really runs with, how {@code acks=1} silently switches it off,
 * and — with a proxy that loses Produce responses — duplicates without it, exactly once with it; then a leader
 * stopped in the middle of 10 000 records. Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.IdempotenceLab}. Proven by {@code IdempotenceLabTest} and {@code LostProduceResponseTest}.
 */
public final class IdempotenceLab {
    /** The settings the lab prints, as the producer resolves them. */
    public static final List<String> SAFETY_SETTINGS = List.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG, ProducerConfig.RETRIES_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG);

    private IdempotenceLab() {
    }

    public static void main(String[] args) {
        // The lab prints each retry and failover in its own words: mute the client's per-retry WARN lines and the
        // broker's ERROR stack traces for the out-of-order batches it rejects while the leadership moves (the
        // producer re-sends them in order) — only for this run, set before the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        AtomicBoolean finished = new AtomicBoolean();
        DemoMain.runPrivate(CommandLine.spec("IdempotenceLab"), args, 3,
                "part (d) stops a partition leader, which it never does to the shared cluster", kafka -> {
            // Ctrl-C / SIGTERM: the embedded cluster's own hook stops it
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!finished.get()) {
                    System.out.println("\nStopping (Ctrl-C): an embedded cluster shuts down with this JVM and its "
                            + "data folder is deleted.");
                }
            }));
            String run = Long.toString(System.currentTimeMillis(), 36);

            printSettingsAndTheTrap(kafka.clientProperties());

            System.out.println("\n(c) A network that loses Produce responses after the broker wrote the batch"
                    + " (1-broker cluster behind a proxy):");
            try (ProxiedBroker lossy = ProxiedBroker.start()) {
                for (Map.Entry<String, Properties> variant : lostResponseVariants(lossy.proxiedBootstrapServers()).entrySet()) {
                    LostResponseRun r = sendThroughLossyNetwork(lossy, "idempotence-lab-" + run + "-" + variant.getKey().replaceAll("[^A-Za-z0-9._-]+", "-"),
                            variant.getValue(), 20, 5);
                    System.out.printf("    %-34s %s%n", variant.getKey() + ":", r);
                }
            }

            System.out.println("\n(d) The leader stopped in the middle of an idempotent acks=all stream:");
            if (kafka.embeddedCluster().isEmpty()) {
                System.out.println("    skipped: stopping a broker needs a private in-JVM cluster (run without --bootstrap-server).");
            } else {
                FailoverRun r = leaderStoppedMidStream(kafka.clientProperties(), Brokers.of(kafka.embeddedCluster().get()),
                        "idempotence-lab-" + run + "-failover", 10_000);
                System.out.println("    " + r);
            }
            finished.set(true);
        });
    }

    /** Parts (a) and (b): the settings a producer really runs with, and how acks=1 / retries=0 switch idempotence off. */
    public static void printSettingsAndTheTrap(Properties connection) {
        System.out.println("\n(a) What a producer with no safety settings really runs with (Kafka " + Versions.kafka() + "):");
        System.out.println("    " + effectiveSettings(defaultProducer(connection)));

        System.out.println("\n(b) The trap: override acks or retries and idempotence is gone, without a word:");
        System.out.println("    acks=1 only:                          " + effectiveSettings(acksOneProducer(connection)));
        System.out.println("    retries=0 only:                       " + effectiveSettings(retriesZeroProducer(connection)));
        System.out.println("    enable.idempotence=true and acks=1:   " + construct(idempotentAcksOneProducer(connection)));
    }

    // ---- (a) and (b): the producer's settings -------------------------------------------------------------------

    /** A producer that says nothing about safety: since Kafka 3.0 it is idempotent with acks=all. */
    static Properties defaultProducer(Properties connection) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // values are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    /** The trap: only acks=1, enable.idempotence not named. */
    static Properties acksOneProducer(Properties connection) {
        Properties props = defaultProducer(connection);
        // "faster" — and idempotence silently off
        props.setProperty(ProducerConfig.ACKS_CONFIG, "1");
        return props;
    }

    /** The other trap: only retries=0. */
    static Properties retriesZeroProducer(Properties connection) {
        Properties props = defaultProducer(connection);
        // "no duplicates, no retries" — and idempotence silently off
        props.setProperty(ProducerConfig.RETRIES_CONFIG, "0");
        return props;
    }

    /** Asking for both: the producer refuses to start. */
    static Properties idempotentAcksOneProducer(Properties connection) {
        Properties props = defaultProducer(connection);
        // named explicitly ...
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // ... so this contradiction is an error
        props.setProperty(ProducerConfig.ACKS_CONFIG, "1");
        return props;
    }

    /**
     * The settings a producer built from {@code props} runs with: {@link ProducerConfig} is the very class
     * {@code new KafkaProducer(props)} resolves its settings with (defaults applied, idempotence rules enforced).
     */
    public static Map<String, Object> effectiveSettings(Properties props) {
        ProducerConfig config = new ProducerConfig(props);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : SAFETY_SETTINGS) {
            Object value = config.values().get(key);
            settings.put(key, ProducerConfig.ACKS_CONFIG.equals(key) && "-1".equals(String.valueOf(value)) ? "all (-1)" : value);
        }
        return settings;
    }

    /** Builds a real producer from {@code props}: "constructed" or the one-line error it failed with. */
    static String construct(Properties props) {
        try (KafkaProducer<String, String> ignored = new KafkaProducer<>(props)) {
            return "constructed";
        } catch (ConfigException e) {
            return "ConfigException: " + e.getMessage();
        }
    }

    // ---- (c) lost responses through a proxy -----------------------------------------------------------------------

    /** Three producers that differ in one setting each, all talking through the proxy. */
    static Map<String, Properties> lostResponseVariants(String proxiedBootstrap) {
        Map<String, Properties> variants = new LinkedHashMap<>();

        Properties safe = new Properties();
        // the proxy, not the broker
        safe.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxiedBootstrap);
        // keys are text
        safe.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // values are text
        safe.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // a lost answer the proxy does not signal costs 2 s, not 30
        safe.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        variants.put("defaults (idempotent)", safe);

        Properties off = new Properties();
        off.putAll(safe);
        // the only difference: no producer id, no sequence numbers
        off.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        variants.put("enable.idempotence=false", off);

        Properties acksOne = new Properties();
        acksOne.putAll(safe);
        // the trap of (b): idempotence silently off
        acksOne.setProperty(ProducerConfig.ACKS_CONFIG, "1");
        variants.put("acks=1 (idempotence not named)", acksOne);
        return variants;
    }

    /** What one producer stored through the lossy network. */
    public record LostResponseRun(int sent, int responsesLost, int produceRequests, List<String> stored) {
        public int distinct() {
            return (int) stored.stream().distinct().count();
        }

        public int duplicates() {
            return stored.size() - distinct();
        }

        @Override
        public String toString() {
            return String.format("%d sent, %d responses lost, %d produce requests -> topic holds %d records, %d distinct, %d duplicates%s",
                    sent, responsesLost, produceRequests, stored.size(), distinct(), duplicates(),
                    duplicates() == 0 && stored.equals(sequence(sent)) ? ", each once and in order" : "");
        }
    }

    /**
     * Sends {@code records} values "0".."n-1" one at a time (waiting for each answer) through the proxy, losing the
     * response of every {@code dropEvery}-th send; then counts what the topic holds, reading it directly.
     */
    public static LostResponseRun sendThroughLossyNetwork(ProxiedBroker lossy, String topic, Properties producerProps,
                                                          int records, int dropEvery) throws Exception {
        try (Admin admin = Admin.create(lossy.directProperties())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(15, TimeUnit.SECONDS);
        }
        ProduceResponseDroppingProxy proxy = lossy.proxy();
        int droppedBefore = proxy.droppedResponses();
        int requestsBefore = proxy.produceRequests();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < records; i++) {
                if (i % dropEvery == dropEvery - 1) {
                    // the broker appends this one, the producer never hears so
                    proxy.dropNextProduceResponse();
                }
                producer.send(new ProducerRecord<>(topic, String.valueOf(i))).get(30, TimeUnit.SECONDS);
            }
        }
        List<String> stored = Topics.readValues(lossy.directProperties(), topic);
        return new LostResponseRun(records, proxy.droppedResponses() - droppedBefore,
                proxy.produceRequests() - requestsBefore, stored);
    }

    // ---- (d) the leader stopped mid-stream ------------------------------------------------------------------------

    /** What the failover run measured. */
    public record FailoverRun(int sent, int acknowledged, int failed, int stored, int lost, int duplicated,
                              boolean inOrder, int stoppedLeader, int newLeader, int ackedWhenStopped) {
        @Override
        public String toString() {
            return String.format("%d sent, leader %d stopped after %d acks (new leader %d), %d acknowledged, %d failed;"
                            + " after its restart the topic holds %d: lost %d, duplicated %d%s",
                    sent, stoppedLeader, ackedWhenStopped, newLeader, acknowledged, failed, stored, lost, duplicated,
                    inOrder ? ", in order" : ", OUT OF ORDER");
        }
    }

    /**
     * Streams {@code records} sequence numbers with the default (idempotent, acks=all) producer into a 1-partition RF 3
     * topic led by a broker other than the lowest id (the KRaft controller in the embedded cluster), stops that leader
     * halfway, restarts it at the end and checks every sequence number is there exactly once.
     */
    public static FailoverRun leaderStoppedMidStream(Properties connection, Brokers brokers, String topic, int records)
            throws Exception {
        int leader;
        try (Admin admin = Admin.create(connection)) {
            List<Integer> ids = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                    .map(Node::id).sorted().limit(3).collect(Collectors.toList());
            if (ids.size() < 3) {
                throw new IllegalStateException("this run needs 3 brokers, the cluster has " + ids.size());
            }
            leader = ids.get(1);
            // first = preferred leader
            List<Integer> replicas = List.of(ids.get(1), ids.get(2), ids.get(0));
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas))
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")))).all().get(15, TimeUnit.SECONDS);
        }

        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // values are text
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // nothing else: enable.idempotence=true, acks=all, retries=MAX, max.in.flight=5 are the defaults

        // at most 1000 unanswered records: the stream runs at the cluster's pace
        Semaphore window = new Semaphore(1000);
        CountDownLatch answered = new CountDownLatch(records);
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        BitSet ackedSeqs = new BitSet(records);
        CompletableFuture<Integer> stopping = null;
        int ackedWhenStopped = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int seq = 0; seq < records; seq++) {
                if (seq == records / 2) {
                    ackedWhenStopped = acked.get();
                    System.out.printf("%n    stopping leader %d at sequence %d (%d acknowledged so far)%n", leader, seq, ackedWhenStopped);
                    stopping = CompletableFuture.supplyAsync(() -> { // while the stream goes on
                        brokers.stop(leader);
                        // controlled shutdown moved the leadership first
                        return currentLeader(connection, topic);
                    });
                }
                window.acquire();
                int s = seq;
                producer.send(new ProducerRecord<>(topic, String.valueOf(seq)), (metadata, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                        synchronized (ackedSeqs) {
                            ackedSeqs.set(s);
                        }
                    } else {
                        failed.incrementAndGet();
                        System.out.printf("    sequence %d failed: %s%n", s, error);
                    }
                    window.release();
                    answered.countDown();
                });
                if (seq % 500 == 0) {
                    System.out.printf("\r    sent %d, acknowledged %d", seq, acked.get());
                }
            }
            producer.flush();
            if (!answered.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not every send was answered within 120 s");
            }
            System.out.printf("\r    sent %d, acknowledged %d%n", records, acked.get());
        } finally {
            if (stopping != null) {
                try {
                    stopping.get(60, TimeUnit.SECONDS);
                } finally {
                    brokers.restart(leader);
                }
            }
        }
        int newLeader = stopping == null ? leader : stopping.get();
        List<String> stored = Topics.readValues(connection, topic);
        BitSet seen = new BitSet(records);
        int duplicated = 0;
        for (String v : stored) {
            int seq = Integer.parseInt(v);
            if (seen.get(seq)) {
                duplicated++;
            }
            seen.set(seq);
        }
        BitSet lost = (BitSet) ackedSeqs.clone();
        lost.andNot(seen);
        boolean inOrder = stored.equals(sequence(records));
        return new FailoverRun(records, acked.get(), failed.get(), stored.size(), lost.cardinality(), duplicated,
                inOrder, leader, newLeader, ackedWhenStopped);
    }

    private static int currentLeader(Properties connection, String topic) {
        try (Admin admin = Admin.create(connection)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(15, TimeUnit.SECONDS).get(topic)
                    .partitions().get(0).leader().id();
        } catch (Exception e) {
            return -1;
        }
    }

    static List<String> sequence(int n) {
        List<String> s = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            s.add(String.valueOf(i));
        }
        return s;
    }
}
