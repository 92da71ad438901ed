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
 * Exercise 11: with the Admin API, compute the LAG column of {@code kafka-consumer-groups.sh --describe}.
 * Checked by {@code Ex11GroupLagTest}; the lesson: docs/consumer-groups.md.
 */
public final class Ex11_GroupLag {
    private Ex11_GroupLag() {
    }

    /** For every partition the group has committed: how many records it has not consumed yet. */
    public static Map<TopicPartition, Long> lag(Admin admin, String groupId)
            throws ExecutionException, InterruptedException, TimeoutException {
        // ---- your code starts here ----
        // TODO(exercise): the group's committed offsets, each partition's end, and the difference
        throw new UnsupportedOperationException("TODO(exercise 11): compute the group's lag per partition");
        // ---- your code ends here ----
    }
}
