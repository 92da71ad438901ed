package dev.kafka101.wikimedia.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import dev.kafka101.wikimedia.SyntheticRecentChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stats consumer killed with SIGKILL mid-stream, then restarted: real child JVMs, one per delivery mode, both
 * reading the same replay (each in its own group, writing its own stats topic) at the same time.
 */
@EmbeddedKafka
class StatsCrashTest {

    /** One mode's consumer: its topics, its group, its child JVM. */
    private static final class Job {
        final boolean exactlyOnce;
        final String stats;
        final String group;
        JavaProcess process;
        Map<Integer, Long> committedAtKill;
        long restartedAt;

        Job(KafkaTestCluster kafka, boolean exactlyOnce) {
            this.exactlyOnce = exactlyOnce;
            this.stats = kafka.createTopic(1, 1);
            this.group = kafka.uniqueGroupId();
        }

        void start(KafkaTestCluster kafka, String input) {
            List<String> args = new ArrayList<>(List.of(
                    "--bootstrap-server",
                    kafka.bootstrapServers(),
                    "--topic",
                    input,
                    "--stats-topic",
                    stats,
                    "--group",
                    group));
            if (exactlyOnce) {
                args.add("--exactly-once");
            } else {
                args.addAll(List.of("--commit-every", "2")); // default 5 s; 2 s keeps the test short
            }
            process = JavaProcess.start(WikimediaStatsConsumer.class, List.of("-Xmx256m"), args.toArray(String[]::new));
        }

        String name() {
            return exactlyOnce ? "exactly-once" : "at-least-once";
        }
    }

    @Tag("claim")
    @Test
    void sigkillThenRestartExactlyOnceTotalsAreExactAtLeastOnceExcessEqualsTheRecountedRecords(KafkaTestCluster kafka)
            throws Exception {
        String input = kafka.createTopic(3, 1);
        kafka.createTopic(input + ".dlq", 1, 1, Map.of());
        Job alos = new Job(kafka, false);
        Job eos = new Job(kafka, true);
        List<Job> jobs = List.of(alos, eos);
        // 8 000 events at 800/s for 10 s: the consumers are killed mid-stream, after about 4 s
        CompletableFuture<?> feed = CompletableFuture.runAsync(() ->
                StatsTopics.replay(kafka.clientProperties(), input, new SyntheticRecentChanges(8_000, 0, 0), 800));
        boolean feedRunningAtKill;
        try {
            jobs.forEach(j -> j.start(kafka, input));
            // kill the at-least-once job one status line (1 s) after a commit: it has counted a window since, and
            // its next commit is a second away; the exactly-once job once it has committed two transactions
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> oneWindowAfterACommit(statusLines(alos))
                            && statusLines(eos).stream().anyMatch(l -> l[1] >= 2));
            for (Job j : jobs) {
                j.process.kill(); // SIGKILL: no shutdown hook, no last commit, no close
            }
            feedRunningAtKill = !feed.isDone();
            for (Job j : jobs) {
                j.process.waitFor(Duration.ofSeconds(10));
                j.committedAtKill = committed(kafka, j.group);
                j.process.close();
                j.restartedAt = System.currentTimeMillis();
                j.start(kafka, input); // same --instance (0): same group.instance.id, same transactional.id
            }
            feed.get(60, TimeUnit.SECONDS);
            Map<Integer, Long> fed = endOffsets(kafka, input);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> committed(kafka, alos.group).equals(fed)
                            && committed(kafka, eos.group).equals(fed)
                            && jobs.stream().allMatch(j -> !statusLines(j).isEmpty()));
            for (Job j : jobs) {
                j.process.terminate(); // SIGTERM after the restart: the clean stop
            }
            for (Job j : jobs) {
                int exit = j.process.waitFor(Duration.ofSeconds(30));
                System.out.printf(
                        "%s after the restart (SIGTERM at the end), exit %d:%n%s%s%n",
                        j.name(), exit, j.process.stdout(), j.process.stderr());
                assertThat(exit).as(j.name() + " exit code").isZero();
                assertThat(j.process.stdout()).contains("Done:");
            }
        } finally {
            jobs.forEach(j -> {
                if (j.process != null) {
                    j.process.close();
                }
            });
            feed.cancel(true);
        }

        Map<Integer, Long> end = endOffsets(kafka, input);
        List<ConsumerRecord<String, String>> records = StatsTopics.readAll(kafka.clientProperties(), input);
        Map<String, Long> truth = StatsTopics.perWiki(records);
        for (Job j : jobs) {
            StatsTopics.Totals t = StatsTopics.totals(kafka.clientProperties(), j.stats);
            Map<Integer, Long> countedBeforeKill = countedEnd(kafka, j.stats, j.restartedAt);
            Map<Integer, Long> restartFrom = restartStart(kafka, j.stats, j.restartedAt);
            long recounted =
                    0; // records the killed run had counted after its last commit: the restart counts them again
            for (Map.Entry<Integer, Long> e : countedBeforeKill.entrySet()) {
                recounted += Math.max(0, e.getValue() - j.committedAtKill.getOrDefault(e.getKey(), 0L));
            }
            long excess = t.events() - records.size();
            System.out.printf(
                    "%s (killed %s): truth %,d events; stats say %,d (excess %,d); committed at kill %s, counted before kill"
                            + " %s, restart read from %s: %,d records counted twice; %d stats records%n",
                    j.name(),
                    feedRunningAtKill ? "mid-stream" : "after the feed ended",
                    records.size(),
                    t.events(),
                    excess,
                    j.committedAtKill,
                    countedBeforeKill,
                    restartFrom,
                    recounted,
                    t.records());

            assertThat(t.coverage())
                    .as(j.name() + ": every input record counted (none lost)")
                    .hasSize(records.size());
            end.forEach((p, last) -> {
                long from = j.committedAtKill.getOrDefault(p, 0L);
                if (from < last) { // records left to read after the kill: the restart starts at the committed offset
                    assertThat(restartFrom.get(p))
                            .as(j.name() + ": restart's first offset in partition " + p)
                            .isEqualTo(from);
                }
            });
            assertThat(t.duplicates())
                    .as(j.name() + ": records counted twice")
                    .isEqualTo(excess)
                    .isEqualTo(recounted);
            if (j.exactlyOnce) {
                assertThat(countedBeforeKill)
                        .as("exactly-once: what read_committed sees of the killed run ends exactly"
                                + " at its committed offsets")
                        .isEqualTo(j.committedAtKill);
                assertThat(t.events()).isEqualTo(records.size());
                assertThat(t.byWiki()).isEqualTo(truth);
            } else {
                assertThat(t.events()).isGreaterThanOrEqualTo(records.size());
                truth.forEach((wiki, n) -> assertThat(t.byWiki().get(wiki)).isGreaterThanOrEqualTo(n));
            }
        }
    }

    private static final Pattern STATUS = Pattern.compile("stats records ([\\d,]+) \\| commits ([\\d,]+)");

    /** The child's status lines so far: {stats records, commits} each. */
    static List<long[]> statusLines(Job j) {
        List<long[]> lines = new ArrayList<>();
        Matcher m = STATUS.matcher(j.process.stdout());
        while (m.find()) {
            lines.add(new long[] {
                Long.parseLong(m.group(1).replace(",", "")),
                Long.parseLong(m.group(2).replace(",", ""))
            });
        }
        return lines;
    }

    /** The last line is the first after a commit, and a stats record was written since that commit. */
    static boolean oneWindowAfterACommit(List<long[]> lines) {
        int n = lines.size();
        return n >= 3
                && lines.get(n - 2)[1] >= 1
                && lines.get(n - 2)[1] > lines.get(n - 3)[1]
                && lines.get(n - 1)[1] == lines.get(n - 2)[1]
                && lines.get(n - 1)[0] > lines.get(n - 2)[0];
    }

    /** The group's committed offsets, partition → next offset to read. */
    static Map<Integer, Long> committed(KafkaTestCluster kafka, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> c = kafka.admin()
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<Integer, Long> m = new TreeMap<>();
        c.forEach((tp, om) -> {
            if (om != null) {
                m.put(tp.partition(), om.offset());
            }
        });
        return m;
    }

    static Map<Integer, Long> endOffsets(KafkaTestCluster kafka, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            ask.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        return kafka.admin().listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().partition(), e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
    }

    /** Per partition, one past the last input offset covered by stats records written before {@code beforeMs}. */
    static Map<Integer, Long> countedEnd(KafkaTestCluster kafka, String stats, long beforeMs) {
        return ranges(kafka, stats, r -> r.timestamp() < beforeMs, true);
    }

    /** Per partition, the first input offset covered by stats records written at or after {@code fromMs}. */
    static Map<Integer, Long> restartStart(KafkaTestCluster kafka, String stats, long fromMs) {
        return ranges(kafka, stats, r -> r.timestamp() >= fromMs, false);
    }

    private static Map<Integer, Long> ranges(
            KafkaTestCluster kafka,
            String stats,
            Function<ConsumerRecord<String, String>, Boolean> which,
            boolean end) {
        Map<Integer, Long> m = new TreeMap<>();
        for (ConsumerRecord<String, String> r : StatsTopics.readAll(kafka.clientProperties(), stats)) {
            if (which.apply(r)) {
                StatsTopics.json(r.value()).get("offsets").fields().forEachRemaining(e -> {
                    int p = Integer.parseInt(e.getKey());
                    if (end) {
                        m.merge(p, e.getValue().get(1).asLong() + 1, Math::max);
                    } else {
                        m.merge(p, e.getValue().get(0).asLong(), Math::min);
                    }
                });
            }
        }
        return m;
    }
}
