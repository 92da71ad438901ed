package dev.kafka101.exercises;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Exercise 9 (solution): the Admin API's version of {@code --reset-offsets --to-earliest --execute}.
 * Checked by {@code Ex09OffsetResetTest}; the lesson: docs/offsets-and-reset.md.
 */
public final class Ex09_OffsetReset {
    private Ex09_OffsetReset() {
    }

    /**
     * Moves the committed offsets of group {@code groupId} on every partition of {@code topic} it has committed to the
     * earliest offset still in that partition. The group has no running member.
     */
    public static void resetToEarliest(Admin admin, String groupId, String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        // ---- your code starts here ----
        // 1. the partitions of the topic the group has committed offsets for
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (TopicPartition tp : admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).keySet()) {
            if (tp.topic().equals(topic)) {
                earliest.put(tp, OffsetSpec.earliest());
            }
        }
        // 2. where each partition starts now: its log start offset, not 0 once old records are deleted
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                admin.listOffsets(earliest).all().get(10, TimeUnit.SECONDS);
        // 3. commit those offsets for the group (it must have no active member, like --execute)
        Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
        starts.forEach((tp, info) -> reset.put(tp, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(groupId, reset).all().get(10, TimeUnit.SECONDS);
        // ---- your code ends here ----
    }
}
