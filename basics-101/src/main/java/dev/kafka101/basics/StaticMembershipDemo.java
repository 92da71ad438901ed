package dev.kafka101.basics;

import dev.kafka101.basics.RebalanceLab.Protocol;
import dev.kafka101.basics.rebalance.LabConsumer;
import dev.kafka101.basics.rebalance.Processing;
import dev.kafka101.basics.rebalance.Scenario;
import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.local.DemoMain;
import dev.kafka101.local.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Static membership ({@code group.instance.id}): consumer A is down for a second and comes back. Static: no rebalance
 * (B is told nothing, A gets its partitions back); dynamic: two rebalances (A's leave, then A's return).
 * Run: {@code ./mvnw -q -pl basics-101 -am compile exec:java
 * -Dexec.mainClass=dev.kafka101.basics.StaticMembershipDemo}.
 * Proven by {@code StaticMembershipDemoTest}.
 */
public final class StaticMembershipDemo {

    /** How long A is down between its close() and its new consumer's start: a quick restart of a process. */
    public static final Duration DOWNTIME = Duration.ofSeconds(1);

    /** What B was told while A restarted, and A's partitions before and after. */
    public record Outcome(
            boolean staticMembers,
            List<OwnershipTimeline.Event> eventsOfB,
            Set<Integer> aBefore,
            Set<Integer> aAfter,
            long restartMs) {
        /** B's listener calls, e.g. "revoked [3, 4, 5]", "assigned [0, 1, 2, 3, 4, 5]". */
        public List<String> toldB() {
            return eventsOfB.stream()
                    .map(e -> e.kind().name().toLowerCase(Locale.ROOT) + " " + e.partitions())
                    .toList();
        }
    }

    private StaticMembershipDemo() {}

    public static void main(String[] args) {
        DemoMain.run("StaticMembershipDemo", args, kafka -> {
            for (boolean staticMembers : List.of(false, true)) {
                Outcome o = restartA(kafka.clientProperties(), staticMembers);
                System.out.printf(
                        "%s: A down for %d ms, owning again %d ms after its close(); A owned %s before, %s"
                                + " after; B was told: %s%n",
                        staticMembers ? "static members (group.instance.id)" : "dynamic members",
                        DOWNTIME.toMillis(),
                        o.restartMs(),
                        o.aBefore(),
                        o.aAfter(),
                        o.eventsOfB().isEmpty() ? "nothing (no rebalance)" : o.toldB());
            }
        });
    }

    /** The properties of consumer {@code name}: the lab's eager consumer, plus static membership when asked. */
    static Properties consumerProperties(Properties connection, String group, String name, boolean staticMember) {
        Properties props = RebalanceLab.consumerProperties(connection, Protocol.EAGER, group, name);
        if (staticMember) {
            // same id after a restart
            props.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-" + name);
            // the broker keeps a static member's partitions this long after it went silent: the restart must fit in it
            props.setProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "30000");
        }
        return props;
    }

    /**
     * Consumers A and B settle; A closes, stays down for {@link #DOWNTIME}, and starts again with the same
     * settings; B's listener calls are collected. Dynamic members: A's close() sends LeaveGroup and the group rebalances without A;
     * the demo lets that rebalance finish (B owns all 6) before A comes back, as it does when a process takes a moment
     * to restart. (A consumer back within one heartbeat of its leave can join the first rebalance, and B then sees one
     * rebalance, not two: the demo does not show that race.)
     */
    public static Outcome restartA(Properties connection, boolean staticMembers) throws InterruptedException {
        String id = (staticMembers ? "static-" : "dynamic-") + Long.toString(System.currentTimeMillis(), 36) + "-"
                + Scenario.RUNS.incrementAndGet();
        String topic = "static-membership-" + id;
        String group = "static-membership-" + id;
        Topics.ensure(connection, topic, RebalanceLab.PARTITIONS, 1);
        OwnershipTimeline timeline = new OwnershipTimeline(RebalanceLab.PARTITIONS);
        Processing processing = new Processing(timeline);
        AtomicInteger failedCommits = new AtomicInteger();
        LabConsumer a = new LabConsumer(
                "A",
                consumerProperties(connection, group, "A", staticMembers),
                topic,
                timeline,
                processing,
                true,
                failedCommits);
        LabConsumer b = new LabConsumer(
                "B",
                consumerProperties(connection, group, "B", staticMembers),
                topic,
                timeline,
                processing,
                true,
                failedCommits);
        LabConsumer a2 = null;
        try {
            a.start();
            b.start();
            Map<Integer, String> owners = awaitOwners(timeline, Set.of("A", "B"));
            Set<Integer> aBefore = partitionsOf(owners, "A");
            // B's calls from here on: counted by position, not by clock (B's first assignment can share this ms)
            int settledEvents = timeline.events().size();
            long restartAt = timeline.now();
            // close(): a static member stays in the group, a dynamic one leaves
            a.stop();
            a.await(Duration.ofSeconds(15));
            if (!staticMembers) {
                // the group rebalanced without A: B owns all 6
                awaitOwners(timeline, Set.of("B"));
            }
            long away = DOWNTIME.toMillis() - (timeline.now() - restartAt);
            if (away > 0) {
                // A's process is restarting
                TimeUnit.MILLISECONDS.sleep(away);
            }
            a2 = new LabConsumer(
                    "A",
                    consumerProperties(connection, group, "A", staticMembers),
                    topic,
                    timeline,
                    processing,
                    true,
                    failedCommits);
            // the same consumer, restarted
            a2.start();
            owners = awaitOwners(timeline, Set.of("A", "B"));
            long restarted = timeline.now();
            // wait a second more: a rebalance still in progress would reach B through its next heartbeats
            // (every 500 ms)
            TimeUnit.SECONDS.sleep(1);
            List<OwnershipTimeline.Event> all = timeline.events();
            List<OwnershipTimeline.Event> ofB = all.subList(settledEvents, all.size()).stream()
                    .filter(e -> e.owner().equals("B"))
                    .toList();
            return new Outcome(
                    staticMembers, ofB, aBefore, partitionsOf(timeline.owners(), "A"), restarted - restartAt);
        } finally {
            b.stop();
            if (a2 != null) {
                a2.stop();
                a2.await(Duration.ofSeconds(15));
            }
            b.await(Duration.ofSeconds(15));
        }
    }

    private static Set<Integer> partitionsOf(Map<Integer, String> owners, String who) {
        Set<Integer> s = new TreeSet<>();
        owners.forEach((p, o) -> {
            if (o.equals(who)) {
                s.add(p);
            }
        });
        return s;
    }

    private static Map<Integer, String> awaitOwners(OwnershipTimeline timeline, Set<String> members)
            throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            Map<Integer, String> owners = timeline.owners();
            if (owners.size() == RebalanceLab.PARTITIONS && owners.values().containsAll(members)) {
                return owners;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new IllegalStateException("the group did not settle within 30 s: " + timeline.owners());
    }
}
