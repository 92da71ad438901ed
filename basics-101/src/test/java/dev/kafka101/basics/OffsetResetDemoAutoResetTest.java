package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.basics.offsets.AutoReset;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link AutoReset#startOfNewGroup} (OffsetResetDemo --auto-offset-reset): where {@code auto.offset.reset} puts a
 * group that never committed.
 */
@EmbeddedKafka
class OffsetResetDemoAutoResetTest {

    @Test
    @Tag("claim")
    void autoOffsetResetByDurationStartsANewGroupAtTheFirstRecordNoOlderThanTheDuration(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(1, 1);
        long now = System.currentTimeMillis();
        Properties props = kafka.clientProperties();
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < 10; i++) {
                // offsets 0-4 stamped 2 hours ago, 5-9 one minute ago
                long ts = now - (i < 5 ? Duration.ofHours(2) : Duration.ofMinutes(1)).toMillis();
                producer.send(new ProducerRecord<>(topic, 0, ts, null, "record " + i))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        Map<TopicPartition, Long> byDuration =
                AutoReset.startOfNewGroup(kafka.clientProperties(), topic, kafka.uniqueGroupId(), "by_duration:PT1H");
        Map<TopicPartition, Long> earliest =
                AutoReset.startOfNewGroup(kafka.clientProperties(), topic, kafka.uniqueGroupId(), "earliest");
        Map<TopicPartition, Long> latest =
                AutoReset.startOfNewGroup(kafka.clientProperties(), topic, kafka.uniqueGroupId(), "latest");
        System.out.printf(
                "offsets 0-4 at now-2h, 5-9 at now-1min: by_duration:PT1H -> %d, earliest -> %d, " + "latest -> %d%n",
                byDuration.get(p0), earliest.get(p0), latest.get(p0));
        assertThat(byDuration).containsEntry(p0, 5L);
        assertThat(earliest).containsEntry(p0, 0L);
        assertThat(latest).containsEntry(p0, 10L);
    }
}
