package dev.kafka101.local.junit;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/** What a test gets from {@link EmbeddedKafka}: where the cluster is, an Admin client, topics of its own, faults. */
public interface KafkaTestCluster {

    /** {@code host:port,...} of the cluster. */
    String bootstrapServers();

    /** A fresh copy of the settings a client needs: {@code bootstrap.servers} and any security settings. */
    Properties clientProperties();

    /**
     * Settings to log in as {@code user} on a secured cluster ({@code @EmbeddedKafka(secure = true)}):
     * {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}.
     */
    default Properties clientProperties(String user) {
        throw new UnsupportedOperationException("this cluster is not secured: use @EmbeddedKafka(secure = true)");
    }

    /** The users and passwords of a secured cluster; empty for a PLAINTEXT one. */
    default java.util.Optional<dev.kafka101.local.ClusterSecurity> security() {
        return java.util.Optional.empty();
    }

    /** A shared Admin client (do not close it). */
    Admin admin();

    /** How many brokers the cluster has. */
    int brokerCount();

    /** A topic name no other test uses: the test's own name plus a counter. */
    String uniqueTopicName();

    /** A group id no other test uses. */
    String uniqueGroupId();

    /** Creates a topic with a unique name and waits until every partition has a leader; returns its name. */
    String createTopic(int partitions, int replicationFactor, Map<String, String> configs);

    default String createTopic(int partitions, int replicationFactor) {
        return createTopic(partitions, replicationFactor, Map.of());
    }

    /** Creates a topic with this exact name and waits until every partition has a leader. */
    void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs);

    /** True when this cluster's brokers can be stopped (the embedded cluster); false for an external one. */
    boolean canStopBrokers();

    /** Stops one broker (skips the test where {@link #canStopBrokers()} is false). Restarted after each test. */
    void stopBroker(int brokerId);

    /** Restarts a stopped broker and returns when it is back in the cluster. */
    void restartBroker(int brokerId);
}
