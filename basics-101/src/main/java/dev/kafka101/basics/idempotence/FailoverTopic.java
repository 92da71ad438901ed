package dev.kafka101.basics.idempotence;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.TopicConfig;

/** The failover run's topic: 1 partition, RF 3, min.insync.replicas 2, led by a broker that is not the controller. */
public final class FailoverTopic {
    private FailoverTopic() {}

    /** Creates {@code topic} led by the second-lowest broker id (the lowest is the embedded KRaft controller). */
    public static int create(Properties connection, String topic) throws Exception {
        try (Admin admin = Admin.create(connection)) {
            List<Integer> ids = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream()
                    .map(Node::id)
                    .sorted()
                    .limit(3)
                    .toList();
            if (ids.size() < 3) {
                throw new IllegalStateException("this run needs 3 brokers, the cluster has " + ids.size());
            }
            // first = preferred leader
            List<Integer> replicas = List.of(ids.get(1), ids.get(2), ids.get(0));
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, replicas))
                            .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"))))
                    .all()
                    .get(15, TimeUnit.SECONDS);
            return ids.get(1);
        }
    }

    /** The leader of partition 0 now, or -1 when the cluster does not say. */
    public static int currentLeader(Properties connection, String topic) {
        try (Admin admin = Admin.create(connection)) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(15, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .get(0)
                    .leader()
                    .id();
        } catch (Exception e) {
            return -1;
        }
    }
}
