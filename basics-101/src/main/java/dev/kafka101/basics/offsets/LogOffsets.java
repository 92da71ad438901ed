package dev.kafka101.basics.offsets;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The offset of each partition for one {@link OffsetSpec} (earliest, latest, a timestamp), asked of the leaders. */
public final class LogOffsets {
    private LogOffsets() {}

    public static Map<TopicPartition, Long> of(Admin admin, List<TopicPartition> tps, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        tps.forEach(tp -> ask.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> r =
                admin.listOffsets(ask).all().get(15, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        r.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
