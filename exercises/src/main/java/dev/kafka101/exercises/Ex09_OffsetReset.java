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
 * Exercise 9: with the Admin API, do what {@code kafka-consumer-groups.sh --reset-offsets --to-earliest --execute} does.
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
        // TODO(exercise): which partitions has the group committed, where does each one start, commit that.
        throw new UnsupportedOperationException("TODO(exercise 9): reset the group's offsets to the earliest");
        // ---- your code ends here ----
    }
}
