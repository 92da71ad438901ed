package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kafka101.basics.OffsetResetDemo.Move;
import dev.kafka101.basics.offsets.PlanTable;
import dev.kafka101.basics.offsets.Strategy;
import dev.kafka101.local.BadInputException;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * OffsetResetDemo's plan/execute on a 2-partition topic, 10 records per partition with timestamps T0 + i s, the group
 * committed at offset 6 in both partitions (it has read 0..5).
 */
@EmbeddedKafka
class OffsetResetDemoTest {
    private static final Instant T0 = Instant.now().minusSeconds(3600);

    private record Setup(String topic, String group, Map<TopicPartition, Long> ends) {}

    private Setup setup(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(2, 1);
        String group = kafka.uniqueGroupId();
        Properties props = kafka.clientProperties();
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(
                            new ProducerRecord<>(topic, p, T0.plusSeconds(i).toEpochMilli(), "k", p + "-" + i));
                }
            }
            producer.flush();
        }
        kafka.admin()
                .alterConsumerGroupOffsets(
                        group,
                        Map.of(
                                new TopicPartition(topic, 0),
                                new OffsetAndMetadata(6),
                                new TopicPartition(topic, 1),
                                new OffsetAndMetadata(6)))
                .all()
                .get(15, TimeUnit.SECONDS);
        return new Setup(topic, group, TestRecords.endOffsets(kafka.admin(), topic, 2));
    }

    /** Executes the reset, lets the group read to the end, returns what it read as sorted "p@o". */
    private TreeSet<String> executeAndReread(KafkaTestCluster kafka, Setup s, Strategy strategy) throws Exception {
        Map<TopicPartition, Move> plan = OffsetResetDemo.plan(kafka.admin(), s.group(), s.topic(), strategy);
        OffsetResetDemo.execute(kafka.admin(), s.group(), plan);
        PlanTable.print(s.group(), strategy, plan, true);
        TreeSet<String> read = new TreeSet<>(TestRecords.positions(TestRecords.readRest(
                kafka.clientProperties(), s.topic(), s.group(), s.ends(), 10_000, Duration.ofSeconds(60))));
        System.out.printf("%s --execute: group re-read %d records %s%n", strategy, read.size(), read);
        return read;
    }

    private static TreeSet<String> range(int fromOffset) {
        TreeSet<String> expected = new TreeSet<>();
        for (int p = 0; p < 2; p++) {
            for (int o = fromOffset; o < 10; o++) {
                expected.add(p + "@" + o);
            }
        }
        return expected;
    }

    @Test
    @Tag("claim")
    void dryRunPrintsThePlanForEveryStrategyAndChangesNoCommittedOffset(KafkaTestCluster kafka) throws Exception {
        Setup s = setup(kafka);
        Map<Strategy, Long> expectedTarget = Map.of(
                Strategy.toEarliest(),
                0L,
                Strategy.toLatest(),
                10L,
                Strategy.toDatetime(T0.plusMillis(3500)),
                4L,
                Strategy.shiftBy(-3),
                3L);
        for (Map.Entry<Strategy, Long> e : expectedTarget.entrySet()) {
            Map<TopicPartition, Move> plan = OffsetResetDemo.plan(kafka.admin(), s.group(), s.topic(), e.getKey());
            PlanTable.print(s.group(), e.getKey(), plan, false);
            assertThat(plan.values()).allSatisfy(m -> {
                assertThat(m.current()).isEqualTo(6L);
                assertThat(m.target()).as(e.getKey().toString()).isEqualTo(e.getValue());
            });
        }
        assertThat(TestRecords.committed(kafka.admin(), s.group()).values()).containsExactly(6L, 6L);
    }

    @Test
    @Tag("claim")
    void executeToEarliestMakesTheGroupRereadEveryRecord(KafkaTestCluster kafka) throws Exception {
        Setup s = setup(kafka);
        assertThat(executeAndReread(kafka, s, Strategy.toEarliest())).isEqualTo(range(0));
    }

    @Test
    @Tag("claim")
    void executeToLatestMakesTheGroupSkipTheUnreadRecords(KafkaTestCluster kafka) throws Exception {
        Setup s = setup(kafka);
        assertThat(executeAndReread(kafka, s, Strategy.toLatest())).isEmpty();
        assertThat(TestRecords.committed(kafka.admin(), s.group()).values()).containsExactly(10L, 10L);
    }

    @Test
    @Tag("claim")
    void executeToDatetimeMakesTheGroupRereadFromTheFirstRecordAtOrAfterThatTime(KafkaTestCluster kafka)
            throws Exception {
        Setup s = setup(kafka);
        // records at T0+0s..T0+9s: T0+3.5s -> the record at T0+4s, offset 4, in both partitions
        assertThat(executeAndReread(kafka, s, Strategy.toDatetime(T0.plusMillis(3500))))
                .isEqualTo(range(4));
    }

    @Test
    @Tag("claim")
    void executeShiftByMinus3MakesTheGroupRereadTheLast3RecordsItHadRead(KafkaTestCluster kafka) throws Exception {
        Setup s = setup(kafka);
        assertThat(executeAndReread(kafka, s, Strategy.shiftBy(-3))).isEqualTo(range(3));
    }

    @Test
    @Tag("claim")
    void resettingAnActiveGroupIsRefusedWithAClearMessageAndChangesNothing(KafkaTestCluster kafka) throws Exception {
        Setup s = setup(kafka);
        Properties props = kafka.clientProperties();
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, s.group());
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> running = new KafkaConsumer<>(props)) {
            running.subscribe(List.of(s.topic()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                running.poll(Duration.ofMillis(100));
                return running.assignment().size() == 2;
            });
            Map<TopicPartition, Move> plan =
                    OffsetResetDemo.plan(kafka.admin(), s.group(), s.topic(), Strategy.toEarliest());
            assertThatThrownBy(() -> OffsetResetDemo.execute(kafka.admin(), s.group(), plan))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("refused: group '" + s.group() + "' is active (state Stable, 1 member")
                    .hasMessageContaining("stop its consumers first")
                    .satisfies(e -> System.out.println("active group: " + e.getMessage()));
        }
        assertThat(TestRecords.committed(kafka.admin(), s.group()).values()).containsExactly(6L, 6L);
    }

    @Test
    void resetOnATopicThatDoesNotExistSaysSoInOneLineAndExits2(KafkaTestCluster kafka) throws Exception {
        String topic = "orders-" + kafka.uniqueTopicName(); // never created
        try (JavaProcess demo = JavaProcess.start(
                OffsetResetDemo.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--group",
                kafka.uniqueGroupId(),
                "--topic",
                topic,
                "--shift-by",
                "-10")) {
            int code = demo.waitFor(Duration.ofSeconds(60));
            System.out.printf(
                    "OffsetResetDemo on a missing topic: exit %d after %d ms: %s",
                    code, demo.elapsed().toMillis(), demo.stderr());
            assertThat(code).isEqualTo(2);
            DemoMainErrorsTest.assertOneLineError(
                    demo.stderr(),
                    "topic '" + topic + "' does not exist — create it first, e.g. run SteadyProducerDemo --topic "
                            + topic);
        }
        assertThatThrownBy(() -> OffsetResetDemo.plan(kafka.admin(), "g", topic, Strategy.toEarliest()))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("topic '" + topic + "' does not exist");
    }
}
