package dev.kafka101.basics;

import static org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.groups.GroupFlags;
import dev.kafka101.basics.groups.MemberLog;
import dev.kafka101.basics.groups.Members;
import dev.kafka101.basics.groups.PollThread;
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
 * Members of one group: each prints every ASSIGNED / REVOKED / LOST (timestamped) and, each second, what it owns.
 * Run it 2-3 times next to SteadyProducerDemo (IDE: allow multiple instances), or once with {@code --instances 3}.
 * Proven by ConsumerGroupDemoJvmsTest (a JVM per member: eager, cooperative-sticky, KIP-848) and ConsumerGroupDemoTest.
 */
public final class ConsumerGroupDemo {
    public static final String GROUP = "groups-demo-app";

    private ConsumerGroupDemo() {}

    public static void main(String[] args) {
        DemoMain.run(GroupFlags.spec(), args, kafka -> {
            // --topic, --group, --protocol, --assignor, --instances, ...: a bad pair is one clear line
            GroupFlags.Options o = GroupFlags.parse(kafka);
            if (o.topic().equals(DemoTopics.GROUPS.name()) || o.feedRate() > 0) {
                // the demos' shared topic, defined once: whichever demo runs first creates it the same way
                Topics.ensure(kafka.clientProperties(), o.topic(), DemoTopics.GROUPS.partitions(), 1);
            }
            ConsumerErrors.requireTopic(kafka.clientProperties(), o.topic());
            // Member.start() each --stagger-ms, their status every second; Ctrl-C: every member commits and leaves
            Members.runUntilCtrlC(kafka, o);
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
    public static final class Member extends PollThread {
        private final KafkaConsumer<String, String> consumer;
        private final String topic;
        // what it prints and remembers: assignment changes, owned partitions, records and offsets processed
        private final MemberLog log;
        // poll thread only: processed, not yet committed
        private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();

        private Member(String name, String topic, KafkaConsumer<String, String> consumer) {
            super("group-demo-" + name);
            this.topic = topic;
            this.log = new MemberLog(name);
            this.consumer = consumer;
        }

        public static Member start(
                Properties connection, String topic, String group, String name, String protocol, String assignor) {
            Member m = new Member(
                    name, topic, new KafkaConsumer<>(consumerProperties(connection, group, name, protocol, assignor)));
            m.log.print("started, joining group " + group);
            m.startPolling();
            return m;
        }

        @Override
        protected void pollLoop() {
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
                log.print("stopped: " + (why != null ? why : KafkaErrors.firstLine(e)));
            } finally {
                try {
                    if (!toCommit.isEmpty()) {
                        consumer.commitSync(toCommit, Duration.ofSeconds(5));
                        toCommit.clear();
                    }
                } catch (KafkaException e) {
                    log.finalCommitFailed(KafkaErrors.firstLine(e), toCommit);
                }
                // revokes (we commit), leaves the group
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                log.closed();
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
                log.commitAccepted();
            } catch (RebalanceInProgressException e) {
                // a member keeps processing while the group rebalances (cooperative: its other partitions): keep
                // toCommit, the next loop commits it again
                log.commitRefusedDuringRebalance(toCommit);
            } catch (CommitFailedException e) {
                // eager: the group moved to a new generation without us (e.g. we rejoined too late); these partitions
                // may be someone else's already: their next owner starts at the last commit (re-reads, loses nothing)
                log.commitFailed(toCommit);
                toCommit.clear();
            }
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
                log.event("REVOKED", partitions, " read " + log.readOf(partitions) + handover);
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
                log.event(
                        "LOST",
                        partitions,
                        " read " + log.readOf(partitions) + " (not all committed: the next owner re-reads)");
            }
        }

        /** What it owns, every assignment change so far ("ASSIGNED [0, 1, 2]", "REVOKED [2]"), records processed. */
        public MemberLog log() {
            return log;
        }

        /** Called from another thread (Ctrl-C, the runner): poll() throws WakeupException, the loop commits, closes. */
        @Override
        protected void wakeup() {
            consumer.wakeup();
        }
    }
}
