package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
@Exercise(
        value = 11,
        title = "a consumer group's lag with the Admin API",
        stub = Ex11_GroupLag.class,
        docs = "docs/consumer-groups.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "kafka-consumer-groups.sh --describe shows CURRENT-OFFSET, LOG-END-OFFSET and LAG: two Admin calls give"
                    + " you the first two.",
            "listConsumerGroupOffsets(group) = what the group committed (CURRENT-OFFSET); listOffsets(..."
                    + " OffsetSpec.latest()) = where each partition ends (LOG-END-OFFSET); LAG is the difference.",
            "committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(); ends ="
                    + " admin.listOffsets(Map tp -> OffsetSpec.latest()).all().get(); lag = ends.get(tp).offset() -"
                    + " committed.get(tp).offset()"
        })
class Ex11GroupLagTest {

    @Test
    void lagIsTheLogEndOffsetMinusTheCommittedOffsetPerPartition(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        TestKafka.fill(kafka.clientProperties(), topic, 10, 20, 30);
        kafka.admin()
                .alterConsumerGroupOffsets(
                        group,
                        Map.of(
                                new TopicPartition(topic, 0), new OffsetAndMetadata(5),
                                new TopicPartition(topic, 1), new OffsetAndMetadata(20),
                                new TopicPartition(topic, 2), new OffsetAndMetadata(0)))
                .all()
                .get(10, TimeUnit.SECONDS);

        Map<TopicPartition, Long> lag = Ex11_GroupLag.lag(kafka.admin(), group);

        Map<Integer, Long> byPartition = new TreeMap<>();
        Check.that(
                lag != null && !lag.isEmpty(),
                "no lag reported",
                "lag {0=5, 1=0, 2=30} (partition -> records behind)",
                "which partitions has the group committed?");
        lag.forEach((tp, n) -> byPartition.put(tp.partition(), n));
        Map<Integer, Long> expected = new TreeMap<>(Map.of(0, 5L, 1, 0L, 2, 30L));
        Check.that(
                byPartition.equals(expected),
                "lag " + byPartition + " (partition -> records behind); the group committed {0=5, 1=20, 2=0},"
                        + " the partitions end at {0=10, 1=20, 2=30}",
                "lag " + expected,
                "lag = log-end offset - committed offset: is either side taken from the wrong place?");
    }
}
