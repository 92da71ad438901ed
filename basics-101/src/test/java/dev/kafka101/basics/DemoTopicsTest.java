package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class DemoTopicsTest {

    @Test
    @Tag("claim")
    void topicNamesMixingPeriodAndUnderscoreCollideSoTheBrokerRefusesTheSecond(KafkaTestCluster kafka)
            throws Exception {
        String base = kafka.uniqueTopicName().replace('.', '-').replace('_', '-');
        String first = base + ".demo_java"; // the tour's old name pattern
        String second = base + "_demo.java"; // the same once '.' and '_' are unified (as in metric names)
        kafka.admin()
                .createTopics(List.of(new NewTopic(first, 1, (short) 1)))
                .all()
                .get();
        assertThatThrownBy(() -> kafka.admin()
                        .createTopics(List.of(new NewTopic(second, 1, (short) 1)))
                        .all()
                        .get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(InvalidTopicException.class)
                .hasMessageContaining("collides with existing topic");
        System.out.printf("'%s' then '%s': refused, collides%n", first, second);
    }

    @Test
    @Tag("claim")
    void noDemoTopicNameMixesPeriodAndUnderscore() {
        List<String> names = new ArrayList<>(
                DemoTopics.ALL.stream().map(DemoTopics.Definition::name).toList());
        names.addAll(List.of(
                ProducerDemo.TOPIC,
                ProducerDemoWithCallback.TOPIC,
                ProducerDemoWithKeys.TOPIC,
                SteadyProducerDemo.TOPIC,
                OversizedRecordDemo.TOPIC,
                FlushAndCloseDemo.TOPIC,
                StickyVsRoundRobinLab.TOPIC));
        System.out.println("demo topics: " + names);
        for (String name : names) {
            Topic.validate(name); // a legal topic name at all
            assertThat(name.contains(".") && name.contains("_"))
                    .as("'%s' mixes '.' and '_'", name)
                    .isFalse();
        }
    }
}
