package dev.kafka101.basics;

import dev.kafka101.basics.report.OwnershipTimeline;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@EmbeddedKafka
class StaticMembershipDemoTest {

    @Test
    @Tag("claim")
    void staticMemberRestartWithinSessionTimeoutCausesNoRebalance(KafkaTestCluster kafka) throws Exception {
        StaticMembershipDemo.Outcome o = StaticMembershipDemo.restartA(kafka.clientProperties(), true);
        System.out.println("static: " + o);

        assertThat(o.eventsOfB()).as("listener calls B got while A restarted").isEmpty();
        assertThat(o.aAfter()).isNotEmpty().isEqualTo(o.aBefore());
    }

    @Test
    @Tag("claim")
    void dynamicMemberRestartRebalancesTheGroup(KafkaTestCluster kafka) throws Exception {
        StaticMembershipDemo.Outcome o = StaticMembershipDemo.restartA(kafka.clientProperties(), false);
        System.out.println("dynamic: " + o);

        assertThat(o.eventsOfB()).extracting(OwnershipTimeline.Event::kind).contains(OwnershipTimeline.Kind.REVOKED);
    }
}
