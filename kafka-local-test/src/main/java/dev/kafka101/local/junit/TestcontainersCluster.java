package dev.kafka101.local.junit;

import dev.kafka101.local.Versions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka in Docker for {@link TestcontainersBackend}: the official {@code apache/kafka} image of the Kafka version on
 * the class path. One node: Testcontainers' {@link KafkaContainer} as it is. Three nodes: three of them on a shared
 * {@link Network}, each broker and controller, one quorum ({@code 1@kafka-1:9094,...}), internal topics with 3
 * replicas, the same settings as docker-compose.yml. Loaded only when that backend is asked for.
 */
final class TestcontainersCluster implements AutoCloseable {
    private static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:" + Versions.kafka());

    private final Network network;
    private final List<KafkaContainer> nodes;

    private TestcontainersCluster(Network network, List<KafkaContainer> nodes) {
        this.network = network;
        this.nodes = nodes;
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static TestcontainersCluster start(int brokers) {
        if (brokers == 1) {
            KafkaContainer single = new KafkaContainer(IMAGE).withStartupTimeout(Duration.ofMinutes(3));
            single.start();
            return new TestcontainersCluster(null, List.of(single));
        }
        Network network = Network.newNetwork();
        String voters = IntStream.rangeClosed(1, brokers)
                .mapToObj(i -> i + "@kafka-" + i + ":9094")
                .collect(Collectors.joining(","));
        String replicas = String.valueOf(Math.min(brokers, 3));
        List<KafkaContainer> nodes = IntStream.rangeClosed(1, brokers)
                .mapToObj(i -> {
                    String host = "kafka-" + i;
                    return new KafkaContainer(IMAGE)
                            .withNetwork(network)
                            .withNetworkAliases(host)
                            // the BROKER listener advertises the container's host name: make it the alias the others
                            // resolve
                            .withCreateContainerCmdModifier(cmd -> cmd.withHostName(host))
                            .withEnv("KAFKA_NODE_ID", String.valueOf(i))
                            .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", voters)
                            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", replicas)
                            .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "6")
                            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", replicas)
                            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", replicas)
                            .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "2")
                            .withStartupTimeout(Duration.ofMinutes(3));
                })
                .toList();
        try {
            // all at once: a node becomes ready only when a majority of the quorum is up
            Startables.deepStart(nodes).join();
        } catch (RuntimeException e) {
            nodes.forEach(KafkaContainer::stop);
            network.close();
            throw e;
        }
        return new TestcontainersCluster(network, nodes);
    }

    String bootstrapServers() {
        return nodes.stream().map(KafkaContainer::getBootstrapServers).collect(Collectors.joining(","));
    }

    @Override
    public void close() {
        nodes.forEach(KafkaContainer::stop);
        if (network != null) {
            network.close();
        }
    }
}
