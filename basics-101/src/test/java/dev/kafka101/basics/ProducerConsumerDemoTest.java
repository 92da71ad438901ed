package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class ProducerConsumerDemoTest {

    @Test
    @Tag("claim")
    void whatTheProducerSendsTheConsumerReads(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(3, 1);

        List<RecordMetadata> sent = ProducerDemo.send(KafkaConnection.of(kafka.clientProperties()), topic, 10);
        List<ConsumerRecord<String, String>> read = ConsumerDemo.consume(
                KafkaConnection.of(kafka.clientProperties()), topic, kafka.uniqueGroupId(), Duration.ofSeconds(2));

        assertThat(sent).hasSize(10);
        assertThat(read)
                .extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrderElementsOf(List.of(
                        "hello world 0",
                        "hello world 1",
                        "hello world 2",
                        "hello world 3",
                        "hello world 4",
                        "hello world 5",
                        "hello world 6",
                        "hello world 7",
                        "hello world 8",
                        "hello world 9"));
        // every record was read at the partition and offset the producer was told
        assertThat(read)
                .extracting(r -> r.partition() + "@" + r.offset())
                .containsExactlyInAnyOrderElementsOf(
                        sent.stream().map(m -> m.partition() + "@" + m.offset()).toList());
    }
}
