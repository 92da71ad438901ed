package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.basics.ProducerDemoWithCallback.Acknowledged;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.Topics;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class ProducerDemoWithCallbackTest {

    @Test
    @Tag("claim")
    void everyCallbackFiresWithTheMetadataAConsumerReadsBack(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(3, 1);

        List<Acknowledged> acknowledged =
                ProducerDemoWithCallback.send(KafkaConnection.of(kafka.clientProperties()), topic, 10);
        List<ConsumerRecord<String, String>> read =
                Topics.readAll(kafka.clientProperties(), topic, 10, Duration.ofSeconds(15));

        assertThat(acknowledged).extracting(Acknowledged::value).hasSize(10).doesNotHaveDuplicates();
        Map<String, ConsumerRecord<String, String>> byValue =
                read.stream().collect(Collectors.toMap(ConsumerRecord::value, Function.identity()));
        assertThat(byValue).hasSize(10);
        for (Acknowledged a : acknowledged) {
            ConsumerRecord<String, String> r = byValue.get(a.value());
            assertThat(r).as("record '%s' read back", a.value()).isNotNull();
            assertThat(List.of(r.topic(), r.partition(), r.offset(), r.timestamp()))
                    .as("callback metadata of '%s'", a.value())
                    .containsExactly(
                            a.metadata().topic(),
                            a.metadata().partition(),
                            a.metadata().offset(),
                            a.metadata().timestamp());
        }
        System.out.printf("10 callbacks, 10 records read back, topic/partition/offset/timestamp equal for all 10%n");
    }
}
