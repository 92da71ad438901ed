package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.basics.acks.AcksReport;
import dev.kafka101.basics.acks.Outcome;
import dev.kafka101.basics.acks.Outcome.Kind;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs {@link AcksLab} once on the shared 3-broker cluster (followers 1 and 2 stopped one after the other, then
 * restarted) and checks the claims the docs make about its table.
 */
@EmbeddedKafka(brokers = 3)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcksLabTest {
    private AcksLab.Result lab;

    @BeforeAll
    void runTheLab(KafkaTestCluster kafka) throws Exception {
        assumeTrue(kafka.canStopBrokers(), "the acks lab stops brokers: it needs the embedded cluster");
        // 50 latency samples per acks level; delivery.timeout.ms 2000 for the "default retries" example
        lab = AcksLab.run(
                kafka.clientProperties(),
                kafka.uniqueTopicName(),
                Brokers.of(kafka::stopBroker, kafka::restartBroker),
                50,
                Duration.ofMillis(2000));
        System.out.print(AcksReport.render(lab));
    }

    @Test
    @Tag("claim")
    void acksAllWithMinIsr1SurvivesTwoBrokerLoss() {
        assertThat(lab.isr().get(2)).containsExactly(0);
        assertThat(lab.cell("all", 1, 2).kind()).isEqualTo(Kind.ACCEPTED);
    }

    @Test
    @Tag("claim")
    void acksAllWithMinIsr2SurvivesOneBrokerLoss() {
        assertThat(lab.isr().get(1)).hasSize(2);
        assertThat(lab.cell("all", 2, 1).kind()).isEqualTo(Kind.ACCEPTED);
    }

    @Test
    @Tag("claim")
    void acksAllWithMinIsr2RejectsWritesWithNotEnoughReplicasAfterTwoBrokerLoss() {
        assertThat(lab.cell("all", 2, 2).kind()).isEqualTo(Kind.NOT_ENOUGH_REPLICAS);
        assertThat(lab.cell("all", 2, 2).error()).startsWith("NotEnoughReplicasException");
    }

    @Test
    @Tag("claim")
    void minIsr2CountsTheLeaderSoLeaderPlusOneFollowerInSyncAcceptsAcksAll() {
        // ISR = {leader 0, one follower}: two in-sync replicas in total, the leader being one of them
        assertThat(lab.isr().get(1)).containsExactly(0, 2);
        assertThat(lab.cell("all", 2, 1).kind()).isEqualTo(Kind.ACCEPTED);
        // and min.insync.replicas=3 needs all three: the same ISR rejects it
        assertThat(lab.cell("all", 3, 1).kind()).isEqualTo(Kind.NOT_ENOUGH_REPLICAS);
    }

    @Test
    @Tag("claim")
    void acksAllIsAcceptedExactlyWhenTheIsrHasAtLeastMinInsyncReplicasMembers() {
        for (int down = 0; down < 3; down++) {
            int isrSize = lab.isr().get(down).size();
            assertThat(isrSize).isEqualTo(3 - down);
            for (int minIsr : AcksLab.MIN_ISR) {
                Kind expected = isrSize >= minIsr ? Kind.ACCEPTED : Kind.NOT_ENOUGH_REPLICAS;
                assertThat(lab.cell("all", minIsr, down).kind())
                        .as("acks=all min.isr=%d, %d down", minIsr, down)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    @Tag("claim")
    void acksOneAndZeroIgnoreMinInsyncReplicas() {
        for (int down = 0; down < 3; down++) {
            for (int minIsr : AcksLab.MIN_ISR) {
                assertThat(lab.cell("1", minIsr, down).kind()).isEqualTo(Kind.ACCEPTED);
                assertThat(lab.cell("0", minIsr, down).kind()).isEqualTo(Kind.SENT_NO_REPLY);
            }
        }
    }

    @Test
    @Tag("claim")
    void withDefaultRetriesNotEnoughReplicasIsRetriedUntilDeliveryTimeout() {
        Outcome o = lab.withDefaultRetries();
        // retried, not answered at once: the send took (about) the whole delivery.timeout.ms
        assertThat(o.took()).isGreaterThanOrEqualTo(Duration.ofMillis(1800));
        assertThat(o.kind()).isIn(Kind.TIMEOUT, Kind.NOT_ENOUGH_REPLICAS);
    }

    @Test
    @Tag("claim")
    void stoppedBrokersAreRestartedAndTheTopicIsWritableAgain() {
        assertThat(lab.isrAfterRestart()).isEqualTo(List.of(0, 1, 2));
        assertThat(lab.afterRestart().kind()).isEqualTo(Kind.ACCEPTED);
    }
}
