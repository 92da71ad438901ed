package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.groups.GroupFlags;
import dev.kafka101.basics.groups.MemberLog;
import dev.kafka101.basics.groups.Members;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.CtrlC;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * "Run several instances and watch the rebalance": each member prints, with a timestamp, every ASSIGNED / REVOKED /
 * LOST from its ConsumerRebalanceListener and once a second what it owns and its rate. Run it 2-3 times from the IDE
 * (allow multiple instances) next to SteadyProducerDemo: all share the local cluster. Or {@code --instances 3} in
 * one JVM.
 * Proven by {@code ConsumerGroupDemoJvmsTest} (one JVM per member: eager, cooperative-sticky, KIP-848) and
 * {@code ConsumerGroupDemoTest#twoMembersSplitThePartitionsAndEveryChangeIsReportedByTheListener}.
 */
public final class ConsumerGroupDemo {
    public static final String GROUP = "groups-demo-app";

    private ConsumerGroupDemo() {}

    public static void main(String[] args) {
        // every member committed and left, the cluster closed
        AtomicBoolean closedCleanly = new AtomicBoolean();
        DemoMain.run(GroupFlags.spec(), args, kafka -> {
            CommandLine cli = kafka.commandLine();
            // nobody else can reach it: feed it and run 3 members
            boolean embedded = kafka.embeddedCluster().isPresent();
            String topic = cli.value("--topic", DemoTopics.GROUPS.name());
            String group = cli.value("--group", GROUP);
            String protocol = cli.value("--protocol", "classic");
            String assignor = cli.value("--assignor", "default");
            int instances = cli.intValue("--instances", embedded ? 3 : 1, 1, 50);
            int staggerMs = cli.intValue("--stagger-ms", 3000, 0, 600_000);
            int feedRate = cli.intValue("--feed", embedded ? 20 : 0, 0, 100_000);
            int seconds = cli.intValue("--seconds", 0, 0, 86_400);
            String problem = GroupFlags.checkProtocol(protocol, assignor);
            if (problem != null) {
                throw new BadInputException(problem);
            }
            if (topic.equals(DemoTopics.GROUPS.name()) || feedRate > 0) {
                // the demos' shared topic, defined once: whichever demo runs first creates it the same way
                Topics.ensure(kafka.clientProperties(), topic, DemoTopics.GROUPS.partitions(), 1);
            }
            ConsumerErrors.requireTopic(kafka.clientProperties(), topic);

            CountDownLatch stop = new CountDownLatch(1);
            Thread mainThread = Thread.currentThread();
            // Ctrl-C: let the main thread close every member (commit, leave the group), and wait for it.
            Thread hook = new Thread(
                    () -> {
                        stop.countDown();
                        try {
                            mainThread.join(15_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        if (closedCleanly.get()) {
                            // committed and left the group: a clean stop, not exit status 143
                            Runtime.getRuntime().halt(0);
                        }
                    },
                    "group-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            // a cluster living in this JVM must outlive the members' goodbye (commit, LeaveGroup): else each close()
            // meets a broker that is going away and waits out its timeout
            kafka.embeddedCluster().ifPresent(cluster -> cluster.stopAfter(mainThread));

            String pid = String.valueOf(ProcessHandle.current().pid());
            System.out.printf(
                    "Group '%s' on %s, protocol %s, assignor %s; this JVM (pid %s) runs %d member%s.%s%n",
                    group,
                    topic,
                    protocol,
                    assignor,
                    pid,
                    instances,
                    instances == 1 ? "" : "s",
                    instances == 1 ? " Start more instances to watch the partitions move." : "");
            try {
                // members start --stagger-ms apart, print their status every second, and all leave at the end
                Members.run(
                        kafka.clientProperties(),
                        topic,
                        group,
                        protocol,
                        assignor,
                        instances,
                        staggerMs,
                        feedRate,
                        seconds,
                        stop);
            } finally {
                CtrlC.removeHookQuietly(hook);
            }
            // every member committed and left; the cluster of this JVM (if any) closes next
            closedCleanly.set(true);
        });
    }

    /** The consumer properties of one member, for {@code protocol} classic|consumer and an assignor name. */
    public static Properties consumerProperties(
            Properties connection, String group, String clientId, String protocol, String assignor) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        // keys and values are text
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // same group id = share the partitions
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // shows up in --describe as CLIENT-ID
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // a new group starts at the beginning
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // commit after processing, and on revoke
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // classic (default) or consumer (KIP-848)
        props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("classic")) {
            // the client-side assignor; Kafka's default is [RangeAssignor, CooperativeStickyAssignor] = eager Range
            if (assignor.equals("range")) {
                props.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
            } else if (assignor.equals("cooperative-sticky")) {
                props.setProperty(
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            }
            // a crashed member is noticed in 10 s (default 45 s)
            props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
            // ping the coordinator every second
            props.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
        } else if (!assignor.equals("default")) {
            // KIP-848: the broker assigns; the client may only name which of the broker's assignors to use
            props.setProperty(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, assignor);
        }
        return props;
    }

    /** One member of the group on its own thread: poll, process (count), commit; prints every assignment change. */
    public static final class Member implements AutoCloseable {
        private final String name;
        private final KafkaConsumer<String, String> consumer;
        private final Thread thread;
        private final String topic;
        // what it prints and remembers: assignment changes, owned partitions, records and offsets processed
        private final MemberLog log;
        // poll thread only: processed, not yet committed
        private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        private final AtomicLong refusedCommits = new AtomicLong();
        // poll thread only
        private int refusedInARow;

        private Member(String name, String topic, KafkaConsumer<String, String> consumer) {
            this.name = name;
            this.topic = topic;
            this.log = new MemberLog(name);
            this.consumer = consumer;
            this.thread = new Thread(this::pollLoop, "group-demo-" + name);
        }

        public static Member start(
                Properties connection, String topic, String group, String name, String protocol, String assignor) {
            Member m = new Member(
                    name, topic, new KafkaConsumer<>(consumerProperties(connection, group, name, protocol, assignor)));
            m.print("started, joining group " + group);
            m.thread.start();
            return m;
        }

        private void pollLoop() {
            try {
                // the listener reports every assignment change
                consumer.subscribe(List.of(topic), new Listener());
                while (true) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, String> r : records) {
                        // "processing" = counting, so the rate shows the group's throughput
                        log.processed(r);
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        toCommit.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    }
                    if (!toCommit.isEmpty()) {
                        // after processing: a crash re-reads at most this batch
                        commit();
                    }
                }
            } catch (WakeupException e) {
                // close() asked us to stop
            } catch (KafkaException e) {
                String why = ConsumerErrors.explain(e);
                print("stopped: " + (why != null ? why : KafkaErrors.firstLine(e)));
            } finally {
                try {
                    if (!toCommit.isEmpty()) {
                        consumer.commitSync(toCommit, Duration.ofSeconds(5));
                        toCommit.clear();
                    }
                } catch (KafkaException e) {
                    print("final commit failed (" + KafkaErrors.firstLine(e) + "): the next owner re-reads from "
                            + MemberLog.offsets(toCommit, toCommit.keySet()));
                }
                // revokes (we commit), leaves the group
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                long refused = refusedCommits.get();
                print("closed after processing " + log.processed() + " records"
                        + (refused == 0
                                ? ""
                                : "; " + refused
                                        + " commit(s) refused during a rebalance, each one retried after the next"
                                        + " poll")
                        + log.notHandedOver());
            }
        }

        /**
         * commitSync of what was processed. During a rebalance the group refuses commits; that is normal, not an error:
         * keep the offsets, poll (which completes the rebalance; onPartitionsRevoked commits what we give up) and
         * commit the rest after that poll.
         */
        private void commit() {
            try {
                consumer.commitSync(toCommit);
                toCommit.clear();
                if (refusedInARow > 0) {
                    print("commit accepted again after the rebalance (" + refusedInARow
                            + " attempt(s) refused meanwhile)");
                    refusedInARow = 0;
                }
            } catch (RebalanceInProgressException e) {
                // a member keeps processing while the group rebalances (cooperative: its other partitions)
                refusedCommits.incrementAndGet();
                if (refusedInARow++ == 0) {
                    print("commit of " + MemberLog.offsets(toCommit, toCommit.keySet()) + " refused: the group is "
                            + "rebalancing; the offsets "
                            + "are kept and committed again after each poll until the rebalance is done");
                }
            } catch (CommitFailedException e) {
                // eager: the group moved to a new generation without us (e.g. we rejoined too late); these partitions
                // may be someone else's already: their next owner starts at the last commit (re-reads, loses nothing)
                refusedCommits.incrementAndGet();
                print("commit of " + MemberLog.offsets(toCommit, toCommit.keySet()) + " refused: not a member of the "
                        + "group's current "
                        + "generation; the next owner re-reads from the last commit");
                toCommit.clear();
            }
        }

        /** Prints what the member owns and its rate since the last call. */
        public void printStatus() {
            log.printStatus();
        }

        private void print(String what) {
            log.print(what);
        }

        /** Runs on the poll thread, inside poll() (or close()). */
        private final class Listener implements ConsumerRebalanceListener {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // hand the partitions over with our progress committed: the next owner starts where we stopped
                Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
                partitions.forEach(tp -> {
                    if (toCommit.containsKey(tp)) {
                        mine.put(tp, toCommit.remove(tp));
                    }
                });
                String handover = "";
                if (!mine.isEmpty()) {
                    try {
                        // only the revoked partitions: the others stay ours
                        consumer.commitSync(mine);
                    } catch (RebalanceInProgressException | CommitFailedException e) {
                        handover = " (commit on revoke refused: the next owner re-reads from the last commit)";
                    }
                }
                List<Integer> numbers =
                        partitions.stream().map(TopicPartition::partition).toList();
                log.event("REVOKED", partitions, " read " + log.ranges(numbers) + handover);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty() || log.noEventYet()) {
                    log.event("ASSIGNED", partitions, "");
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                // the group already gave them to someone else (we missed the session timeout): no commit possible
                partitions.forEach(toCommit::remove);
                List<Integer> numbers =
                        partitions.stream().map(TopicPartition::partition).toList();
                log.event(
                        "LOST",
                        partitions,
                        " read " + log.ranges(numbers) + " (not all committed: the next owner re-reads)");
            }
        }

        public String name() {
            return name;
        }

        /** Partitions this member owns now. */
        public Set<Integer> owned() {
            return log.owned();
        }

        /** Every assignment change so far, e.g. "ASSIGNED [0, 1, 2]", "REVOKED [2]". */
        public List<String> events() {
            return log.events();
        }

        public long processed() {
            return log.processed();
        }

        /** wakeup(), then wait for the poll thread to commit and close. */
        @Override
        public void close() {
            requestStop();
            awaitClosed();
        }

        /** wakeup(): the poll loop ends, commits, closes (leaves the group); returns at once. */
        public void requestStop() {
            consumer.wakeup();
        }

        /** Waits (up to 15 s) for the poll thread to have closed the consumer. */
        public void awaitClosed() {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
