package dev.kafka101.basics.acks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** The acks lab's topics: one partition, replicas {@code ids} (leader first), one per min.insync.replicas value. */
public final class AcksTopics {
    private AcksTopics() {}

    /** Creates {@code prefix-min-isr-N} for each N and returns them by N, once every ISR is complete. */
    public static Map<Integer, String> create(Admin admin, String prefix, List<Integer> ids, List<Integer> minIsrs)
            throws Exception {
        Map<Integer, String> topics = new LinkedHashMap<>();
        List<NewTopic> newTopics = new ArrayList<>();
        for (int minIsr : minIsrs) {
            topics.put(minIsr, prefix + "-min-isr-" + minIsr);
            // replica list [leader, follower, follower]: the first replica is the preferred leader
            newTopics.add(new NewTopic(topics.get(minIsr), Map.of(0, ids))
                    .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minIsr))));
        }
        admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        System.out.printf(
                "Created %s-min-isr-{1,2,3}: 1 partition, replicas %s (leader %d), min.insync.replicas" + " 1, 2, 3%n",
                prefix, ids, ids.get(0));
        Isr.awaitSize(admin, topics.values(), ids.size());
        return topics;
    }
}
