package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafka101.basics.idempotence.FailoverRun;
import dev.kafka101.basics.idempotence.ProducerSettings;
import dev.kafka101.basics.lab.Brokers;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka(brokers = 3)
class IdempotenceLabTest {

    @Test
    @Tag("claim")
    void aProducerWithNoSafetySettingsIsIdempotentWithAcksAllMaxRetriesAndFiveInFlight(KafkaTestCluster kafka) {
        Map<String, Object> settings =
                ProducerSettings.effective(IdempotenceLab.defaultProducer(kafka.clientProperties()));
        System.out.println("defaults: " + settings);

        assertThat(settings)
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all (-1)")
                .containsEntry(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE)
                .containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        assertThat(ProducerSettings.construct(IdempotenceLab.defaultProducer(kafka.clientProperties())))
                .isEqualTo("constructed");
    }

    @Test
    @Tag("claim")
    void acksOneWithoutNamingIdempotenceSilentlyTurnsIdempotenceOff(KafkaTestCluster kafka) {
        Properties props = IdempotenceLab.acksOneProducer(kafka.clientProperties());

        assertThat(ProducerSettings.effective(props)).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        assertThat(ProducerSettings.construct(props)).isEqualTo("constructed"); // no error, no warning in the output
    }

    @Test
    @Tag("claim")
    void retriesZeroWithoutNamingIdempotenceSilentlyTurnsIdempotenceOff(KafkaTestCluster kafka) {
        Properties props = IdempotenceLab.retriesZeroProducer(kafka.clientProperties());

        assertThat(ProducerSettings.effective(props)).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        assertThat(ProducerSettings.construct(props)).isEqualTo("constructed");
    }

    @Test
    @Tag("claim")
    void idempotenceTrueWithAcksOneFailsWithConfigException(KafkaTestCluster kafka) {
        Properties props = IdempotenceLab.idempotentAcksOneProducer(kafka.clientProperties());

        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("acks");
    }

    @Test
    @Tag("claim")
    void maxInFlightAboveFiveFailsWithConfigExceptionEvenWithoutNamingIdempotence(KafkaTestCluster kafka) {
        // unlike acks and retries, this one is not silently switched off in 4.4: the producer refuses to start
        Properties props = IdempotenceLab.defaultProducer(kafka.clientProperties());
        props.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "6");

        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("max.in.flight.requests.per.connection must be set to at most 5");
    }

    @Test
    @Tag("claim")
    void idempotenceTrueWithRetriesZeroFailsWithConfigException(KafkaTestCluster kafka) {
        Properties props = IdempotenceLab.retriesZeroProducer(kafka.clientProperties());
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");

        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("retries");
    }

    @Test
    @Tag("claim")
    void idempotentProducerKeepsEverySequenceNumberExactlyOnceWhenTheLeaderStopsMidStream(KafkaTestCluster kafka)
            throws Exception {
        assumeTrue(kafka.canStopBrokers(), "stops a broker: needs the embedded cluster");

        FailoverRun r = IdempotenceLab.leaderStoppedMidStream(
                kafka.clientProperties(),
                Brokers.of(kafka::stopBroker, kafka::restartBroker),
                kafka.uniqueTopicName(),
                10_000);
        System.out.println(r);

        assertThat(r.failed()).isZero();
        assertThat(r.acknowledged()).isEqualTo(10_000);
        assertThat(r.newLeader())
                .as("the leader really moved")
                .isNotEqualTo(r.stoppedLeader())
                .isNotNegative();
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.stored()).isEqualTo(10_000);
        assertThat(r.inOrder()).isTrue();
    }
}
