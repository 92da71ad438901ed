package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 9,
        title = "an offset reset with the Admin API",
        stub = Ex09_OffsetReset.class,
        docs = "docs/offsets-and-reset.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "three Admin calls: what the group has committed, where each partition starts, and a new commit.",
            "listConsumerGroupOffsets(group) gives the partitions; listOffsets(... OffsetSpec.earliest()) gives each"
                    + " partition's first offset still stored (not always 0: old records get deleted);"
                    + " alterConsumerGroupOffsets(group, offsets) commits them for the (inactive) group.",
            "earliest = listOffsets(Map tp -> OffsetSpec.earliest()).all().get(); then alterConsumerGroupOffsets(groupId,"
                    + " Map tp -> new OffsetAndMetadata(earliest.get(tp).offset())).all().get();"
        })
class Ex09OffsetResetTest {

    @Test
    void theGroupIsCommittedAtEachPartitionsEarliestOffsetWhichIsNotAlwaysZero(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        TestKafka.fill(kafka.clientProperties(), topic, 10, 10, 10);
        // the group has read everything ...
        kafka.admin()
                .alterConsumerGroupOffsets(
                        group,
                        Map.of(
                                new TopicPartition(topic, 0), new OffsetAndMetadata(10),
                                new TopicPartition(topic, 1), new OffsetAndMetadata(10),
                                new TopicPartition(topic, 2), new OffsetAndMetadata(10)))
                .all()
                .get(10, TimeUnit.SECONDS);
        // ... and partition 0's first 4 records were deleted (retention does the same with time)
        kafka.admin()
                .deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(4)))
                .all()
                .get(10, TimeUnit.SECONDS);

        Ex09_OffsetReset.resetToEarliest(kafka.admin(), group, topic);

        Map<Integer, Long> committed = TestKafka.committed(kafka.admin(), group, topic);
        Map<Integer, Long> expected = Map.of(0, 4L, 1, 0L, 2, 0L);
        Check.that(
                !committed.equals(Map.of(0, 10L, 1, 10L, 2, 10L)),
                "the group is still committed at " + committed + " (partition -> offset): the end of each partition",
                "offsets " + new java.util.TreeMap<>(expected),
                "which Admin call commits offsets for a group?");
        Check.that(
                committed.getOrDefault(0, -1L) != 0L || committed.getOrDefault(1, -1L) != 0L,
                "partition 0 is committed at 0, but its earliest offset is 4 (records 0-3 were deleted)",
                "offsets " + new java.util.TreeMap<>(expected),
                "'earliest' is where a partition starts now: which Admin call tells you that?");
        Check.that(
                committed.equals(expected),
                "the group is committed at " + committed + " (partition -> offset)",
                "offsets " + new java.util.TreeMap<>(expected) + ": each partition's earliest offset",
                "does every partition of the topic get its own earliest offset?");
    }
}
