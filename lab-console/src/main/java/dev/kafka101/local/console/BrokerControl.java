package dev.kafka101.local.console;

import dev.kafka101.local.EmbeddedKafkaCluster;

/**
 * What the console may do to brokers: stop and start them. Only the embedded cluster offers it; for an external
 * cluster the console gets no control and hides the Stop/Start buttons.
 */
public interface BrokerControl {

    /** Number of brokers, ids {@code 0..count-1}. */
    int brokerCount();

    /** The node that is also the KRaft controller; it cannot be stopped while other brokers run. */
    default int controllerNode() {
        return EmbeddedKafkaCluster.CONTROLLER_NODE;
    }

    /** Controlled shutdown of one broker; throws {@link IllegalStateException} with a one-line reason if refused. */
    void stop(int brokerId);

    /** Starts a stopped broker again (same port, same data); returns when it is back. */
    void start(int brokerId);

    /** The embedded cluster's own stop/restart. */
    static BrokerControl of(EmbeddedKafkaCluster cluster) {
        return new BrokerControl() {
            @Override
            public int brokerCount() {
                return cluster.brokerCount();
            }

            @Override
            public void stop(int brokerId) {
                cluster.stopBroker(brokerId);
            }

            @Override
            public void start(int brokerId) {
                cluster.restartBroker(brokerId);
            }
        };
    }
}
