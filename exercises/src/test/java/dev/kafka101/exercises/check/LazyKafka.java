package dev.kafka101.exercises.check;

import dev.kafka101.local.junit.KafkaTestCluster;

/**
 * The test's cluster, started on first use: a test that first asks the learner's code for its settings starts no
 * cluster when the stub is not written yet (a 3-broker cluster costs seconds). Use it in a class annotated with
 * {@code @EmbeddedKafka}, which also restarts stopped brokers after each test.
 */
public interface LazyKafka {
    KafkaTestCluster get();
}
