package dev.kafka101.local.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against a real Kafka cluster and injects a {@link KafkaTestCluster} parameter.
 *
 * <pre>{@code
 * @EmbeddedKafka(brokers = 3)
 * class AcksTest {
 *     @Test void acksAllWithMinIsr2SurvivesOneBrokerLoss(KafkaTestCluster kafka) { ... }
 * }
 * }</pre>
 *
 * One cluster per size is shared by the whole test JVM: started by the first class that asks, closed when the
 * JVM's tests are done. With {@code -Dkafka.bootstrap=host:port} the tests use that cluster instead (tests that stop
 * brokers are then skipped).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(KafkaClusterExtension.class)
public @interface EmbeddedKafka {
    /** 1 (broker and controller in one node) or 3 (node 0 also the controller). */
    int brokers() default 1;

    /**
     * A secured cluster (its own, shared by the classes that ask for one of this size): SASL_PLAINTEXT +
     * SCRAM-SHA-512, users {@code admin} (super-user) and {@code learner}, ACLs (see
     * {@link dev.kafka101.local.ClusterSecurity}). {@link KafkaTestCluster#clientProperties()} and
     * {@link KafkaTestCluster#admin()} then log in as {@code admin}; {@link KafkaTestCluster#clientProperties(String)}
     * as anyone. Not available with {@code -Dkafka.bootstrap} (the tests are skipped).
     */
    boolean secure() default false;
}
