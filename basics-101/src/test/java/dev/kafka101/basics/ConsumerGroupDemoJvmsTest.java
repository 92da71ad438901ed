package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ConsumerGroupDemo as learners run it: one member per JVM. A and B split the topic, C joins, A leaves (SIGTERM), under
 * eager Range, cooperative-sticky and KIP-848; a steady producer feeds the topic the whole time.
 */
@EmbeddedKafka
@Execution(ExecutionMode.CONCURRENT) // the three protocols side by side: each one mostly waits (JVM start, heartbeats)
class ConsumerGroupDemoJvmsTest {
    private static final int PARTITIONS = DemoTopics.GROUPS.partitions();
    private static final Set<Integer> ALL =
            new TreeSet<>(IntStream.range(0, PARTITIONS).boxed().toList());
    private static final Duration SETTLE =
            Duration.ofSeconds(60); // generous: child JVMs start slowly on a busy machine

    enum Protocol {
        RANGE(false, "--assignor", "range"),
        COOPERATIVE_STICKY(true, "--assignor", "cooperative-sticky"),
        KIP848_CONSUMER(true, "--protocol", "consumer");

        final boolean incremental;
        final List<String> args;

        Protocol(boolean incremental, String... args) {
            this.incremental = incremental;
            this.args = List.of(args);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    @Tag("claim")
    void memberJvmsKeepConsumingAcrossJoinsAndLeavesRevokeOnlyWhatMovesWhenIncrementalAndLoseNoRecord(
            Protocol protocol, KafkaTestCluster kafka) throws Exception {
        long t0 = System.nanoTime();
        List<String> phases = new ArrayList<>();
        String topic = kafka.createTopic(PARTITIONS, 1);
        String group = kafka.uniqueGroupId();
        List<String> common = new ArrayList<>(
                List.of("--bootstrap-server", kafka.bootstrapServers(), "--topic", topic, "--group", group));
        common.addAll(protocol.args);
        // 60 keys: every one of the 6 partitions gets records, so every member has something to consume
        try (SteadyFeed feed = SteadyFeed.start(kafka.clientProperties(), topic, 60, 60);
                Member a = Member.start("A", common);
                Member b = Member.start("B", common)) {
            Map<String, Set<Integer>> split2 = awaitSettled(a, b);
            phases.add("A+B settled " + ms(t0));

            // C joins
            Member c = Member.start("C", common);
            try (c) {
                Mark joinMark = Mark.of(a, b, c);
                Map<String, Set<Integer>> split3 = awaitSettled(a, b, c);
                phases.add("C settled " + ms(t0));
                awaitEachConsumesMore(a, b, c); // nobody stopped itself at the rebalance: A, B and C all go on reading
                phases.add("A, B, C consumed more " + ms(t0));
                for (Member m : List.of(a, b)) {
                    Set<Integer> revoked = joinMark.revokedSince(m);
                    Set<Integer> moved = minus(split2.get(m.name), split3.get(m.name));
                    System.out.printf(
                            "%s, C joins: %s owned %s, revoked %s, kept %s%n",
                            protocol, m.name, split2.get(m.name), revoked, split3.get(m.name));
                    assertThat(revoked)
                            .as("%s's revocations on C's join; stdout:%n%s", m.name, m.stdout())
                            .isEqualTo(protocol.incremental ? moved : split2.get(m.name));
                    if (protocol.incremental) {
                        assertThat(split2.get(m.name))
                                .containsAll(split3.get(m.name)); // a join only takes partitions away
                    }
                }

                // A leaves (SIGTERM: commit, LeaveGroup)
                Mark leaveMark = Mark.of(b, c);
                long stopMs = a.stopAndAwaitCleanExit();
                Map<String, Set<Integer>> after = awaitSettled(b, c);
                phases.add("A left, B+C settled " + ms(t0));
                awaitEachConsumesMore(b, c);
                phases.add("B, C consumed more " + ms(t0));
                for (Member m : List.of(b, c)) {
                    Set<Integer> revoked = leaveMark.revokedSince(m);
                    System.out.printf(
                            "%s, A leaves (SIGTERM, exit 0 after %d ms): %s owned %s, revoked %s, now %s%n",
                            protocol, stopMs, m.name, split3.get(m.name), revoked, after.get(m.name));
                    assertThat(revoked)
                            .as("%s's revocations on A's leave; stdout:%n%s", m.name, m.stdout())
                            .isEqualTo(protocol.incremental ? Set.of() : split3.get(m.name));
                }

                // the producer stops; B and C drain the topic and commit; then they stop too
                feed.stop();
                assertThat(feed.failed()).isZero();
                Map<TopicPartition, Long> ends = TestRecords.endOffsets(kafka.admin(), topic, PARTITIONS);
                await().atMost(SETTLE)
                        .until(() -> TestRecords.committed(kafka.admin(), group).equals(ends));
                phases.add("drained " + ms(t0));
                b.terminate(); // side by side: two JVMs stopping
                c.terminate();
                long bStop = b.awaitCleanExit();
                long cStop = c.awaitCleanExit();
                phases.add("B, C exited " + ms(t0));
                System.out.println(protocol + " phases (ms since start): " + phases);

                // every produced record was processed by some member: the ranges each printed on giving a partition up
                // (REVOKED, or closing) cover 0..end-1 of every partition, with no gap
                Map<Integer, List<long[]>> read = new TreeMap<>();
                for (Member m : List.of(a, b, c)) {
                    m.readRanges()
                            .forEach((p, ranges) -> read.computeIfAbsent(p, k -> new ArrayList<>())
                                    .addAll(ranges));
                }
                long produced = 0;
                long twice = 0;
                for (int p : ALL) {
                    long end = ends.get(new TopicPartition(topic, p));
                    produced += end;
                    long covered = 0;
                    List<long[]> ranges = new ArrayList<>(read.getOrDefault(p, List.of()));
                    ranges.sort((x, y) -> Long.compare(x[0], y[0]));
                    for (long[] r : ranges) {
                        assertThat(r[0])
                                .as(
                                        "partition %d: offsets %d..%d never processed; ranges %s",
                                        p, covered, r[0] - 1, describe(ranges))
                                .isLessThanOrEqualTo(covered);
                        twice += Math.max(0, Math.min(covered, r[1] + 1) - r[0]);
                        covered = Math.max(covered, r[1] + 1);
                    }
                    assertThat(covered)
                            .as("partition %d processed up to (end %d); ranges %s", p, end, describe(ranges))
                            .isEqualTo(end);
                }
                System.out.printf(
                        "%s: %d produced, all processed and committed (%d twice); SIGTERM to exit 0: A %d ms,"
                                + " B %d ms, C %d ms; commits refused during rebalances (retried): A %d, B %d, C %d; test %d ms%n",
                        protocol,
                        produced,
                        twice,
                        stopMs,
                        bStop,
                        cStop,
                        a.refusedCommits(),
                        b.refusedCommits(),
                        c.refusedCommits(),
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /**
     * Issue: Ctrl-C took 11 s and logged "LeaveGroup ... not the correct coordinator". Cause: with the cluster inside the
     * demo's JVM, the JVM ran the cluster's shutdown hook next to the demo's, so the brokers went away while the members
     * said goodbye, and each close() (and the feed's) waited out its timeout.
     */
    @Test
    @Tag("claim")
    void sigtermOnTheDemoWithItsOwnEmbeddedClusterLeavesTheGroupAndExitsPromptlyWithoutAnErrorLine(@TempDir Path home) {
        // no connection flag: the demo's in-JVM default (3 members, fed at 20 records/s); KAFKA101_EMBEDDED asks for it
        // explicitly, and a private temp dir keeps it away from any LocalKafkaCluster running on this machine
        try (JavaProcess demo = JavaProcess.start(
                ConsumerGroupDemo.class,
                Map.of("KAFKA101_EMBEDDED", "true", "KAFKA101_HOME", home.toString()),
                // full logger names, so the broker's own lines (it runs in this JVM) are told apart from the clients'
                List.of(
                        "-Djava.io.tmpdir=" + home,
                        "-Dorg.slf4j.simpleLogger.showShortLogName=false",
                        "-Dorg.slf4j.simpleLogger.showLogName=true"),
                "--stagger-ms",
                "300")) {
            Member m = new Member("embedded", demo);
            awaitOrFail(
                    "3 members consuming",
                    () -> {
                        m.assertRunning();
                        return IntStream.rangeClosed(1, 3)
                                        .allMatch(i -> demo.stdout().contains("[member-" + i + "] ASSIGNED"))
                                && m.total() > 0;
                    },
                    m);
            m.terminate();
            // generous: it includes stopping the broker, slow on a loaded machine; the measured time is printed
            long stopMs = m.awaitCleanExit(Duration.ofSeconds(20));
            assertThat(demo.stdout()).contains("Stopped: 3 members");
            // the brokers went away while clients still talked to them: the producer's NOT_LEADER, the LeaveGroup's
            // NOT_COORDINATOR... a normal stop has no client warning at all
            assertThat(clientSideProblems(demo.stdout() + demo.stderr(), "[WARN]"))
                    .isEmpty();
            System.out.printf(
                    "embedded default: SIGTERM to exit 0 in %d ms (3 members committed and left, then the"
                            + " cluster stopped)%n",
                    stopMs);
        }
    }

    /** A broker that runs inside the demo's JVM logs its own load (e.g. "controller event queue overloaded"). */
    private static final java.util.regex.Pattern BROKER_SIDE = java.util.regex.Pattern.compile(
            "(kafka\\.|state\\.change|org\\.apache\\.kafka\\.(controller|raft|server|storage|metadata|image|coordinator"
                    + "|queue|network|security)\\.)[\\w.$]* - ");

    /** Lines holding {@code marker} (ERROR, [WARN]) that are not the broker's own. */
    private static List<String> clientSideProblems(String output, String marker) {
        return output.lines()
                .filter(l -> l.contains(marker))
                .filter(l -> !BROKER_SIDE.matcher(l).find())
                .toList();
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Set<Integer> minus(Set<Integer> x, Set<Integer> y) {
        Set<Integer> s = new TreeSet<>(x);
        s.removeAll(y);
        return s;
    }

    private static String describe(List<long[]> ranges) {
        return ranges.stream().map(r -> r[0] + ".." + r[1]).toList().toString();
    }

    /** Waits until every partition is owned by exactly one of {@code members}, each owning some; returns who owns what. */
    private static Map<String, Set<Integer>> awaitSettled(Member... members) {
        Map<String, Set<Integer>> owners = new HashMap<>();
        awaitOrFail(
                "the group to settle on " + names(members),
                () -> {
                    owners.clear();
                    Set<Integer> union = new TreeSet<>();
                    int sum = 0;
                    int fewest = Integer.MAX_VALUE;
                    int most = 0;
                    for (Member m : members) {
                        m.assertRunning();
                        Set<Integer> owned = m.owned();
                        if (owned.isEmpty()) {
                            return false;
                        }
                        owners.put(m.name, owned);
                        union.addAll(owned);
                        sum += owned.size();
                        fewest = Math.min(fewest, owned.size());
                        most = Math.max(most, owned.size());
                    }
                    // balanced too: KIP-848 reaches its target one member at a time, and a step on the way (A gave
                    // up 5 to C, B still holds 0-2) is already a disjoint cover of all partitions
                    return union.equals(ALL) && sum == PARTITIONS && most - fewest <= 1;
                },
                members);
        return Map.copyOf(owners);
    }

    /** Waits until each member printed a larger "total" than now: it goes on processing records. */
    private static void awaitEachConsumesMore(Member... members) {
        Map<String, Long> before = new HashMap<>();
        for (Member m : members) {
            before.put(m.name, m.total());
        }
        awaitOrFail(
                "each of " + names(members) + " to process more records",
                () -> {
                    for (Member m : members) {
                        m.assertRunning();
                        if (m.total() <= before.get(m.name)) {
                            return false;
                        }
                    }
                    return true;
                },
                members);
    }

    private static void awaitOrFail(String what, Callable<Boolean> condition, Member... members) {
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (ConditionTimeoutException e) {
            StringBuilder out = new StringBuilder();
            for (Member m : members) {
                out.append("\n--- ")
                        .append(m.name)
                        .append(" stdout:\n")
                        .append(m.stdout())
                        .append("\n--- stderr:\n")
                        .append(m.process.stderr());
            }
            throw new AssertionError("waited " + SETTLE.toSeconds() + " s for " + what + out, e);
        }
    }

    private static List<String> names(Member... members) {
        return java.util.Arrays.stream(members).map(m -> m.name).toList();
    }

    /** Where each member's output stood at a moment: what it revoked after that is the rebalance's doing. */
    private record Mark(Map<String, Integer> offsets) {
        static Mark of(Member... members) {
            Map<String, Integer> o = new HashMap<>();
            for (Member m : members) {
                o.put(m.name, m.stdout().length());
            }
            return new Mark(o);
        }

        Set<Integer> revokedSince(Member m) {
            Set<Integer> revoked = new TreeSet<>();
            Matcher x = Member.REVOKED.matcher(m.stdout().substring(offsets.get(m.name)));
            while (x.find()) {
                revoked.addAll(Member.numbers(x.group(2)));
            }
            return revoked;
        }
    }

    /** One ConsumerGroupDemo JVM (one member), read through what it prints. */
    private static final class Member implements AutoCloseable {
        static final Pattern OWNS = Pattern.compile("-> owns \\[([0-9, ]*)]");
        static final Pattern REVOKED = Pattern.compile("] (REVOKED|LOST) +\\[([0-9, ]*)]");
        static final Pattern TOTAL = Pattern.compile("\\(total (\\d+)\\)");
        static final Pattern READ = Pattern.compile("(\\d+)@(\\d+)\\.\\.(\\d+)");
        static final Pattern REFUSED =
                Pattern.compile("\\((\\d+) attempt\\(s\\) refused meanwhile\\)|refused: not a member");

        final String name;
        final JavaProcess process;
        private long terminatedAt;

        private Member(String name, JavaProcess process) {
            this.name = name;
            this.process = process;
        }

        static Member start(String name, List<String> args) {
            return new Member(name, JavaProcess.start(ConsumerGroupDemo.class, args.toArray(String[]::new)));
        }

        String stdout() {
            return process.stdout();
        }

        /** What it owns after its last ASSIGNED/REVOKED/LOST line (empty before its first assignment). */
        Set<Integer> owned() {
            Matcher m = OWNS.matcher(stdout());
            String last = null;
            while (m.find()) {
                last = m.group(1);
            }
            return last == null ? Set.of() : numbers(last);
        }

        long total() {
            Matcher m = TOTAL.matcher(stdout());
            long last = 0;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            return last;
        }

        long refusedCommits() {
            return REFUSED.matcher(stdout())
                    .results()
                    .mapToLong(r -> r.group(1) == null ? 1 : Long.parseLong(r.group(1)))
                    .sum();
        }

        /** partition -> [first, last] offsets processed in each stint, from "read 3@120..219" on REVOKED/LOST/closed lines. */
        Map<Integer, List<long[]>> readRanges() {
            Map<Integer, List<long[]>> ranges = new TreeMap<>();
            Matcher m = READ.matcher(stdout());
            while (m.find()) {
                ranges.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new ArrayList<>())
                        .add(new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
            }
            return ranges;
        }

        static Set<Integer> numbers(String list) {
            Set<Integer> s = new TreeSet<>();
            for (String n : list.split(",")) {
                if (!n.isBlank()) {
                    s.add(Integer.parseInt(n.trim()));
                }
            }
            return s;
        }

        /** Fails if the member's JVM ended, or if it stopped its poll loop on its own ("stopped: ..."). */
        void assertRunning() {
            String out = stdout();
            if (!process.isAlive() || out.contains("stopped:")) {
                throw new AssertionError(name + " is no longer consuming (alive: " + process.isAlive() + "); stdout:\n"
                        + out + "\nstderr:\n" + process.stderr());
            }
        }

        void terminate() {
            terminatedAt = System.nanoTime();
            process.terminate();
        }

        /** SIGTERM, then waits for exit; returns the milliseconds it took. */
        long stopAndAwaitCleanExit() {
            terminate();
            return awaitCleanExit();
        }

        long awaitCleanExit() {
            return awaitCleanExit(Duration.ofSeconds(10));
        }

        /**
         * Waits for the exit after SIGTERM: code 0, it committed and left ("closed after processing"), no ERROR line.
         * The bound (10 s unless told) only catches a hang; the milliseconds it took are returned (and printed), not asserted.
         */
        long awaitCleanExit(Duration bound) {
            int code = process.waitFor(Duration.ofSeconds(60));
            long ms = (System.nanoTime() - terminatedAt) / 1_000_000;
            String all = stdout() + process.stderr();
            assertThat(code)
                    .as("%s's exit code; stdout:%n%s%nstderr:%n%s", name, stdout(), process.stderr())
                    .isZero();
            assertThat(stdout()).contains("closed after processing");
            assertThat(clientSideProblems(all, "ERROR")).as("%s's output", name).isEmpty();
            assertThat(all).as("%s's output", name).doesNotContain("stopped:");
            assertThat(ms).as("%s stopped after SIGTERM within (ms)", name).isLessThan(bound.toMillis());
            return ms;
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
