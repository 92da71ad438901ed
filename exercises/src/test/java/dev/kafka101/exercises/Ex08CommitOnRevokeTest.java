package dev.kafka101.exercises;

import static org.awaitility.Awaitility.await;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.exercises.check.TestKafka.Background;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 8,
        title = "a rebalance listener that commits on revoke",
        stub = Ex08_CommitOnRevoke.class,
        docs = "docs/rebalance.md",
        untouchedStubSays = "records again that member A had already processed",
        hints = {
            "when a member joins, partitions move. The new owner starts reading at the partition's last committed"
                    + " offset. What has this member processed since its last commit?",
            "onPartitionsRevoked runs inside poll(), before the partitions move: the last moment this member may"
                    + " commit them. commitSync the processed offsets of the revoked partitions there.",
            "Map<TopicPartition, OffsetAndMetadata> revoked = new HashMap<>(); for (tp : partitions) { var o ="
                    + " processed.remove(tp); if (o != null) revoked.put(tp, o); } consumer.commitSync(revoked);"
        })
class Ex08CommitOnRevokeTest {

    @Test
    void aJoiningMemberStartsWhereTheFirstStoppedSoNoRecordIsProcessedTwice(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(2, 1);
        String group = kafka.uniqueGroupId();
        TestKafka.fill(kafka.clientProperties(), topic, 20, 20);
        List<String> processedByA = new CopyOnWriteArrayList<>();
        List<String> processedByB = new CopyOnWriteArrayList<>();
        Ex08_CommitOnRevoke a =
                new Ex08_CommitOnRevoke(kafka.clientProperties(), group, topic, r -> processedByA.add(id(r)));
        Ex08_CommitOnRevoke b =
                new Ex08_CommitOnRevoke(kafka.clientProperties(), group, topic, r -> processedByB.add(id(r)));
        Background loopA = new Background("exercise-8-member-a", a::run);
        Background loopB = null;
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> processedByA.size() >= 40 || !loopA.alive());
            loopA.rethrowFailure();

            loopB = new Background("exercise-8-member-b", b::run);
            // the rebalance is done when both members own a partition
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        ConsumerGroupDescription d = kafka.admin()
                                .describeConsumerGroups(List.of(group))
                                .all()
                                .get(5, TimeUnit.SECONDS)
                                .get(group);
                        return d.members().size() == 2
                                && d.members().stream()
                                        .allMatch(m -> !m.assignment()
                                                .topicPartitions()
                                                .isEmpty());
                    });
            TestKafka.fill(kafka.clientProperties(), topic, 10, 10);
            Background finalB = loopB;
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> distinct(processedByA, processedByB) >= 60 || !loopA.alive() || !finalB.alive());
            loopA.rethrowFailure();
            loopB.rethrowFailure();
        } finally {
            a.shutdown();
            b.shutdown();
            loopA.join(Duration.ofSeconds(10));
            if (loopB != null) {
                loopB.join(Duration.ofSeconds(10));
            }
        }
        List<String> twice =
                processedByB.stream().filter(processedByA::contains).sorted().toList();
        Check.that(
                twice.isEmpty(),
                "member B read " + twice.size() + " records again that member A had already processed ("
                        + describe(twice) + ")",
                "no record processed twice: B starts where A stopped",
                "B starts at the last committed offset: what should A do with its progress when a partition is taken away?");
    }

    private static String id(ConsumerRecord<String, String> r) {
        return r.partition() + ":" + r.offset();
    }

    private static long distinct(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().count();
    }

    /** "partition 1, offsets 0-19" per partition. */
    private static String describe(List<String> ids) {
        Map<String, List<Long>> byPartition = ids.stream()
                .collect(Collectors.groupingBy(
                        s -> s.split(":")[0],
                        TreeMap::new,
                        Collectors.mapping(s -> Long.parseLong(s.split(":")[1]), Collectors.toList())));
        return byPartition.entrySet().stream()
                .map(e -> "partition " + e.getKey() + ", offsets "
                        + e.getValue().stream().mapToLong(Long::longValue).min().orElse(0) + "-"
                        + e.getValue().stream().mapToLong(Long::longValue).max().orElse(0))
                .collect(Collectors.joining("; "));
    }
}
