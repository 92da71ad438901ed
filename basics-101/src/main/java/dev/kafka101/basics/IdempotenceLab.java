package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.idempotence.FailoverRun;
import dev.kafka101.basics.idempotence.FailoverTopic;
import dev.kafka101.basics.idempotence.ProducerSettings;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.basics.lab.CtrlCNote;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import dev.kafka101.local.Versions;
import dev.kafka101.local.lossy.LossyNetwork;
import dev.kafka101.local.lossy.LostResponseRun;
import dev.kafka101.local.lossy.ProxiedBroker;
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
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The safe (idempotent) producer: the settings it really runs with, how {@code acks=1} silently switches it off,
 * and — with a proxy that loses Produce responses — duplicates without it, exactly once with it; then a leader
 * stopped in the middle of 10 000 records. Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.IdempotenceLab}. Proven by {@code IdempotenceLabTest} and
 * {@code LostProduceResponseTest}.
 */
public final class IdempotenceLab {
    private IdempotenceLab() {}

    public static void main(String[] args) {
        // The lab prints each retry and failover in its own words: mute the client's per-retry WARN lines and the
        // broker's ERROR stack traces for the out-of-order batches it rejects while the leadership moves (the
        // producer re-sends them in order) — only for this run, set before the first logger is created.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients.producer.internals.Sender", "error");
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.ReplicaManager", "off");
        DemoMain.runPrivate(
                CommandLine.spec("IdempotenceLab"),
                args,
                3,
                "part (d) stops a partition leader, which it never does to the shared cluster",
                kafka -> {
                    AtomicBoolean finished = CtrlCNote.register();
                    String run = Long.toString(System.currentTimeMillis(), 36);
                    printSettingsAndTheTrap(kafka.clientProperties());
                    System.out.println("\n(c) A network that loses Produce responses after the broker wrote the batch"
                            + " (1-broker cluster behind a proxy):");
                    try (ProxiedBroker lossy = ProxiedBroker.start()) {
                        Map<String, Properties> variants = lostResponseVariants(lossy.proxiedBootstrapServers());
                        for (Map.Entry<String, Properties> variant : variants.entrySet()) {
                            String topic = "idempotence-lab-" + run + "-"
                                    + variant.getKey().replaceAll("[^A-Za-z0-9._-]+", "-");
                            LostResponseRun r = LossyNetwork.send(lossy, topic, variant.getValue(), 20, 5);
                            System.out.printf("    %-34s %s%n", variant.getKey() + ":", r);
                        }
                    }

                    System.out.println("\n(d) The leader stopped in the middle of an idempotent acks=all stream:");
                    if (kafka.embeddedCluster().isEmpty()) {
                        System.out.println("    skipped: stopping a broker needs a private in-JVM cluster (run without"
                                + " --bootstrap-server).");
                    } else {
                        Brokers brokers = Brokers.of(kafka.embeddedCluster().get());
                        FailoverRun r = leaderStoppedMidStream(
                                kafka.clientProperties(), brokers, "idempotence-lab-" + run + "-failover", 10_000);
                        System.out.println("    " + r);
                    }
                    finished.set(true);
                });
    }

    /** Parts (a) and (b): the settings a producer really runs with; acks=1 or retries=0 switch idempotence off. */
    public static void printSettingsAndTheTrap(Properties connection) {
        System.out.println(
                "\n(a) What a producer with no safety settings really runs with (Kafka " + Versions.kafka() + "):");
        System.out.println("    " + ProducerSettings.effective(defaultProducer(connection)));

        System.out.println("\n(b) The trap: override acks or retries and idempotence is gone, without a word:");
        System.out.println(
                "    acks=1 only:                          " + ProducerSettings.effective(acksOneProducer(connection)));
        System.out.println("    retries=0 only:                       "
                + ProducerSettings.effective(retriesZeroProducer(connection)));
        System.out.println("    enable.idempotence=true and acks=1:   "
                + ProducerSettings.construct(idempotentAcksOneProducer(connection)));
    }

    /** A producer that says nothing about safety: since Kafka 3.0 it is idempotent with acks=all. */
    static Properties defaultProducer(Properties connection) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
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

    // ---- (c) lost responses through a proxy -----------------------------------------------------------------------

    /** Three producers that differ in one setting each, all talking through the proxy. */
    static Map<String, Properties> lostResponseVariants(String proxiedBootstrap) {
        Map<String, Properties> variants = new LinkedHashMap<>();

        Properties safe = new Properties();
        // the proxy, not the broker
        safe.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, proxiedBootstrap);
        // keys and values are text
        safe.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
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

    // ---- (d) the leader stopped mid-stream ------------------------------------------------------------------------

    /**
     * Streams {@code records} sequence numbers with the default (idempotent, acks=all) producer into a 1-partition RF 3
     * topic led by a broker other than the lowest id (the KRaft controller in the embedded cluster), stops that leader
     * halfway, restarts it at the end and checks every sequence number is there exactly once.
     */
    public static FailoverRun leaderStoppedMidStream(Properties connection, Brokers brokers, String topic, int records)
            throws Exception {
        int leader = FailoverTopic.create(connection, topic);

        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
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
                    System.out.printf(
                            "%n    stopping leader %d at sequence %d (%d acknowledged so far)%n",
                            leader, seq, ackedWhenStopped);
                    stopping = CompletableFuture.supplyAsync(
                            () -> { // while the stream goes on
                                brokers.stop(leader);
                                // controlled shutdown moved the leadership first
                                return FailoverTopic.currentLeader(connection, topic);
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
        return FailoverRun.of(
                records, acked.get(), failed.get(), ackedSeqs, stored, leader, newLeader, ackedWhenStopped);
    }
}
