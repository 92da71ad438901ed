package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka(brokers = 3)
class OversizedRecordDemoTest {

    @Test
    @Tag("claim")
    void oversizedRecordFailsAloneWithRecordTooLargeAndEveryOtherRecordArrives(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(1, 1);

        OversizedRecordDemo.Result r =
                OversizedRecordDemo.send(KafkaConnection.of(kafka.clientProperties()), topic, 10, 3);

        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0))
                .startsWith("record 3 (")
                .contains("RecordTooLargeException")
                .doesNotContain("\n");
        assertThat(r.acknowledged()).isEqualTo(9);
        assertThat(Topics.readValues(kafka.clientProperties(), topic))
                .containsExactly(
                        "record 0",
                        "record 1",
                        "record 2",
                        "record 4",
                        "record 5",
                        "record 6",
                        "record 7",
                        "record 8",
                        "record 9");
    }
}
