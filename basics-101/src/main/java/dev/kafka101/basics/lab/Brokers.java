package dev.kafka101.basics.lab;

import dev.kafka101.local.EmbeddedKafkaCluster;
import java.util.function.IntConsumer;

/** Plumbing for fault labs: what a lab may do to the cluster's brokers (an embedded cluster, or the test cluster). */
public interface Brokers {
    void stop(int brokerId);

    void restart(int brokerId);

    static Brokers of(IntConsumer stop, IntConsumer restart) {
        return new Brokers() {
            @Override
            public void stop(int brokerId) {
                stop.accept(brokerId);
            }

            @Override
            public void restart(int brokerId) {
                restart.accept(brokerId);
            }
        };
    }

    static Brokers of(EmbeddedKafkaCluster cluster) {
        return of(cluster::stopBroker, cluster::restartBroker);
    }
}
