package dev.kafka101.local.lossy;

import dev.kafka101.local.EmbeddedKafkaCluster;
import java.io.IOException;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Plumbing for the idempotence lesson: a 1-broker embedded cluster with an extra listener {@code PROXIED} that is
 * advertised at a {@link ProduceResponseDroppingProxy}. Clients bootstrapped at {@link #proxiedBootstrapServers()}
 * talk to the broker only through the proxy; {@link #directProperties()} bypasses it (to count what was stored).
 */
public final class ProxiedBroker implements AutoCloseable {
    public static final String LISTENER = "PROXIED";

    private final ProduceResponseDroppingProxy proxy;
    private final EmbeddedKafkaCluster cluster;

    private ProxiedBroker(ProduceResponseDroppingProxy proxy, EmbeddedKafkaCluster cluster) {
        this.proxy = proxy;
        this.cluster = cluster;
    }

    public static ProxiedBroker start() throws IOException {
        ProduceResponseDroppingProxy proxy = ProduceResponseDroppingProxy.start();
        try {
            EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                    .brokers(1)
                    .extraListener(
                            LISTENER, node -> proxy.port()) // metadata sends clients of this listener to the proxy
                    .build()
                    .start();
            proxy.forwardTo(cluster.listenerAddress(LISTENER, 0));
            return new ProxiedBroker(proxy, cluster);
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    public ProduceResponseDroppingProxy proxy() {
        return proxy;
    }

    public EmbeddedKafkaCluster cluster() {
        return cluster;
    }

    /** The proxy's address: a client bootstrapped here reaches the broker only through the proxy. */
    public String proxiedBootstrapServers() {
        return "127.0.0.1:" + proxy.port();
    }

    /** Client settings that go straight to the broker (admin, the counting consumer). */
    public Properties directProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        return p;
    }

    @Override
    public void close() {
        proxy.close();
        cluster.close();
    }
}
