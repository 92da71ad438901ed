package dev.kafka101.basics;

import static org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG;

import dev.kafka101.basics.rebalance.Change;
import dev.kafka101.basics.rebalance.LabFlags;
import dev.kafka101.basics.rebalance.RebalanceReport;
import dev.kafka101.basics.rebalance.Scenario;
import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.basics.report.TimelineHtml;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.CommandLine;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.KafkaConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The rebalance lab: 6 partitions under keyed load; consumers A and B, then C joins, then A leaves: eager (classic +
 * Range), cooperative (classic + CooperativeSticky), KIP-848 (group.protocol=consumer). The lesson: the consumer
 * properties per protocol and the rebalance listener; scenario, measurements and report: {@code basics.rebalance}.
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.RebalanceLab}
 * ({@code -Dexec.args="--phase-seconds 2"} for a short run); prints a table and writes target/rebalance-lab.html.
 * Proven by {@code RebalanceLabTest} (eager revokes all on a join, the others only what moves; 0 lost, 0 twice).
 */
public final class RebalanceLab {
    public static final int PARTITIONS = 6;

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
    }

    private RebalanceLab() {}

    public static void main(String[] args) {
        DemoMain.run(LabFlags.spec(), args, kafka -> {
            CommandLine cli = kafka.commandLine();
            Settings settings = LabFlags.settings(cli);
            CountDownLatch finished = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                // Ctrl-C: end the phases, close the consumers (they commit) and the producer
                                Scenario.STOP.set(true);
                                try {
                                    finished.await(15, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "rebalance-lab-shutdown"));
            try {
                List<Result> results = run(kafka.clientProperties(), settings);
                System.out.println();
                if (cli.isOn("--events")) {
                    results.forEach(r -> System.out.print(RebalanceReport.events(r)));
                }
                System.out.print(RebalanceReport.table(results));
                System.out.println("Timelines: "
                        + RebalanceReport.writeHtml(results, settings, LabFlags.htmlPath(cli))
                                .toUri());
            } catch (IOException e) {
                throw new BadInputException("cannot write the HTML report: " + e.getMessage(), e);
            } finally {
                finished.countDown();
            }
        });
    }

    /** Runs the scenario once per protocol, one after the other, each on a topic and group of its own. */
    public static List<Result> run(Properties connection, Settings settings) {
        List<Result> results = new ArrayList<>();
        for (Protocol protocol : settings.protocols()) {
            if (Scenario.STOP.get()) {
                break;
            }
            results.add(Scenario.run(connection, protocol, settings));
        }
        return results;
    }

    /** The properties of one lab consumer; the only thing that differs between the runs is the protocol block. */
    public static Properties consumerProperties(Properties connection, Protocol protocol, String group, String name) {
        Properties props = new Properties();
        // where Kafka is; then the login settings of a secured cluster (none for the local one)
        props.put(BOOTSTRAP_SERVERS_CONFIG, connection.getProperty(BOOTSTRAP_SERVERS_CONFIG));
        props.putAll(KafkaConnection.securitySettings(connection));
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // A, B and C share the partitions
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        // member ids start with it: Range sorts A, B, C
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "lab-" + name);
        // read the load from its first record
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // we commit: after processing and on revoke
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        switch (protocol) {
            case EAGER -> {
                // the pre-KIP-848 protocol (the default)
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // Range only speaks EAGER: every member gives up everything at each rebalance
                props.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
                classicTimings(props);
            }
            case COOPERATIVE -> {
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // incremental: members give up only what moves, in a second round the others get it
                props.setProperty(
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
                classicTimings(props);
            }
            case CLASSIC_DEFAULT -> {
                props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
                // partition.assignment.strategy NOT set: the default [RangeAssignor, CooperativeStickyAssignor] applies
                classicTimings(props);
            }
            // KIP-848: the broker assigns (server-side) and tells each member what to give up, via heartbeats;
            // partition.assignment.strategy must NOT be set (the consumer refuses it); timings come from the broker
            case KIP848 -> props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        }
        return props;
    }

    /** Classic members learn of a rebalance from a heartbeat: every 500 ms here (default 3 s), so phases are short. */
    private static void classicTimings(Properties props) {
        props.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        // 6 s is the broker's minimum (group.min.session.timeout.ms); default 45 s. Only matters for a crashed member.
        props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
    }

    /**
     * The rebalance listener of every lab consumer: commits what was processed before giving partitions up, and logs
     * each call (who, when, which partitions) into the timeline that {@code --events} prints.
     */
    public record Listener(String name, OwnershipTimeline log, boolean commitOnRevoke, Runnable commit)
            implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (commitOnRevoke) {
                // hand the partitions over with everything processed committed: the next owner re-reads nothing
                commit.run();
            }
            log.released(name, numbers(partitions), false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            log.assigned(name, numbers(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // already someone else's: committing now would fail, the new owner re-reads from the last commit
            log.released(name, numbers(partitions), true);
        }

        private static List<Integer> numbers(Collection<TopicPartition> partitions) {
            return partitions.stream().map(TopicPartition::partition).sorted().toList();
        }
    }

    /**
     * How long each phase lasts once the group settled, the load, the protocols; commitOnRevoke false: commit once a
     * second, never on revoke (what an unprepared consumer does); progress: print a live progress line.
     */
    public record Settings(
            Duration phase, int ratePerSecond, List<Protocol> protocols, boolean commitOnRevoke, boolean progress) {}

    /** What one run measured; built by {@link Scenario}, printed by {@link RebalanceReport}. */
    public record Result(
            Protocol protocol,
            Change join,
            Change leave,
            long windowStartMs,
            long windowEndMs,
            long longestGapMs,
            long longestUnmovedGapMs,
            long stopTheWorldMs,
            long longestPauseMs,
            long sent,
            long acked,
            long processed,
            long processedTwice,
            long lost,
            int overlaps,
            int failedCommits,
            List<OwnershipTimeline.Interval> intervals,
            long endMs,
            List<TimelineHtml.Marker> markers,
            List<long[]> idle,
            List<OwnershipTimeline.Event> events,
            boolean interrupted) {}
}
