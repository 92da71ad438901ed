package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class StaticMembershipDemoTest {

    @Test
    @Tag("claim")
    void staticMemberRestartWithinSessionTimeoutCausesNoRebalance(KafkaTestCluster kafka) throws Exception {
        StaticMembershipDemo.Outcome o = StaticMembershipDemo.restartA(kafka.clientProperties(), true);
        System.out.println("static: " + o);

        assertThat(o.eventsOfB()).as("listener calls B got while A restarted").isEmpty();
        assertThat(o.aBefore()).isEqualTo(Set.of(0, 1, 2));
        assertThat(o.aAfter()).isEqualTo(Set.of(0, 1, 2));
        assertThat(o.restartMs()).isGreaterThanOrEqualTo(StaticMembershipDemo.DOWNTIME.toMillis());
    }

    @Test
    @Tag("claim")
    void dynamicMemberRestartRebalancesTheGroupTwiceBTakesAllSixThenGivesABack(KafkaTestCluster kafka)
            throws Exception {
        StaticMembershipDemo.Outcome o = StaticMembershipDemo.restartA(kafka.clientProperties(), false);
        System.out.println("dynamic: " + o.toldB() + ", A owning again after " + o.restartMs() + " ms");

        // exactly what docs/rebalance.md section 6 prints: A's leave, then A's return, each an eager rebalance
        assertThat(o.toldB())
                .containsExactly(
                        "revoked [3, 4, 5]",
                        "assigned [0, 1, 2, 3, 4, 5]",
                        "revoked [0, 1, 2, 3, 4, 5]",
                        "assigned [3, 4, 5]");
        assertThat(o.aBefore()).isEqualTo(Set.of(0, 1, 2));
        assertThat(o.aAfter()).isEqualTo(Set.of(0, 1, 2));
    }
}
