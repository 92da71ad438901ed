package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.basics.DescribeGroupDemo.Description;
import dev.kafka101.basics.DescribeGroupDemo.Row;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class DescribeGroupDemoTest {

    @Test
    @Tag("claim")
    void lagIsLogEndMinusCommittedPerPartitionWithOrWithoutMembers(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        int[] produced = {10, 7, 5};
        Properties pp = kafka.clientProperties();
        pp.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pp.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < produced[p]; i++) {
                    producer.send(new ProducerRecord<>(topic, p, "k", "v" + i));
                }
            }
            producer.flush();
        }

        Properties cp = kafka.clientProperties();
        cp.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        cp.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long[] consumed = {4, 7, 2}; // the group has processed (and committed) this many of each partition
        String memberId;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 3;
            });
            consumer.commitSync(Map.of(
                    new TopicPartition(topic, 0),
                    new OffsetAndMetadata(consumed[0]),
                    new TopicPartition(topic, 1),
                    new OffsetAndMetadata(consumed[1]),
                    new TopicPartition(topic, 2),
                    new OffsetAndMetadata(consumed[2])));
            memberId = consumer.groupMetadata().memberId();

            Description active = DescribeGroupDemo.describe(kafka.admin(), group);
            DescribeGroupDemo.print(active);
            assertThat(active.state()).isEqualTo(GroupState.STABLE);
            assertThat(active.members()).isEqualTo(1);
            assertRows(active, topic, produced, consumed);
            assertThat(active.rows()).extracting(Row::consumerId).containsOnly(memberId);
        }

        Description empty = DescribeGroupDemo.describe(kafka.admin(), group);
        DescribeGroupDemo.print(empty);
        assertThat(empty.state()).isEqualTo(GroupState.EMPTY);
        assertThat(empty.members()).isZero();
        assertRows(empty, topic, produced, consumed);
        assertThat(empty.rows()).extracting(Row::consumerId).containsOnly("-");
        assertThat(empty.totalLag()).isEqualTo(6 + 0 + 3);
        System.out.printf(
                "describe: produced 10/7/5, committed 4/7/2 -> lag %s, total %d, with 1 member and after it left%n",
                empty.rows().stream().map(Row::lag).toList(), empty.totalLag());
    }

    private static void assertRows(Description d, String topic, int[] produced, long[] consumed) {
        assertThat(d.rows()).hasSize(3);
        for (int p = 0; p < 3; p++) {
            Row r = d.rows().get(p);
            assertThat(r.partition()).isEqualTo(new TopicPartition(topic, p));
            assertThat(r.committed()).isEqualTo(consumed[p]);
            assertThat(r.logEnd()).isEqualTo(produced[p]);
            assertThat(r.lag()).isEqualTo(produced[p] - consumed[p]);
        }
    }
}
