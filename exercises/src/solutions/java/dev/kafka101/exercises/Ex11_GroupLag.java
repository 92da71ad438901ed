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
 * Exercise 11 (solution): the LAG column of {@code kafka-consumer-groups.sh --describe}, from the Admin API.
 * Checked by {@code Ex11GroupLagTest}; the lesson: docs/consumer-groups.md.
 */
public final class Ex11_GroupLag {
    private Ex11_GroupLag() {
    }

    /** For every partition the group has committed: how many records it has not consumed yet. */
    public static Map<TopicPartition, Long> lag(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        // ---- your code starts here ----
        // CURRENT-OFFSET: what the group committed (the next offset it will read)
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        // LOG-END-OFFSET: the offset the next record written to the partition will get
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        // LAG = LOG-END-OFFSET - CURRENT-OFFSET
        Map<TopicPartition, Long> lag = new HashMap<>();
        committed.forEach((tp, offset) -> lag.put(tp, ends.get(tp).offset() - offset.offset()));
        return lag;
        // ---- your code ends here ----
    }
}
