package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.basics.ConsumerGroupDemo.Member;
import dev.kafka101.basics.lab.SteadyFeed;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class ConsumerGroupDemoTest {
    private static final Set<Integer> ALL = Set.of(0, 1, 2, 3);

    @Test
    @Tag("claim")
    void twoMembersSplitThePartitionsAndEveryChangeIsReportedByTheListener(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(4, 1);
        String group = kafka.uniqueGroupId();
        long t0 = System.nanoTime();
        try (SteadyFeed feed = SteadyFeed.start(kafka.clientProperties(), topic, 100, 12);
                Member a = Member.start(kafka.clientProperties(), topic, group, "a", "classic", "default")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.log().owned().equals(ALL));
            long joined;
            try (Member b = Member.start(kafka.clientProperties(), topic, group, "b", "classic", "default")) {
                long bStart = System.nanoTime();
                // each partition owned by exactly one member, both busy
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Set<Integer> x = a.log().owned();
                    Set<Integer> y = b.log().owned();
                    Set<Integer> both = new TreeSet<>(x);
                    both.retainAll(y);
                    Set<Integer> union = new TreeSet<>(x);
                    union.addAll(y);
                    return !x.isEmpty() && !y.isEmpty() && both.isEmpty() && union.equals(ALL);
                });
                joined = (System.nanoTime() - bStart) / 1_000_000;
                assertThat(b.log().events()).contains("ASSIGNED " + b.log().owned());
                assertThat(a.log().events()).anyMatch(e -> e.startsWith("REVOKED"));
                await().atMost(Duration.ofSeconds(60)).until(() -> b.log().processed() > 0);
            }
            // b left (close): a gets every partition back
            await().atMost(Duration.ofSeconds(60)).until(() -> a.log().owned().equals(ALL));
            System.out.printf(
                    "group demo: b joined and the split was done after %d ms; a's events %s%n",
                    joined, a.log().events());
            assertThat(a.log().events()).last().isEqualTo("ASSIGNED " + new TreeSet<>(ALL));
            assertThat(feed.failed()).isZero();
        }
        System.out.printf("group demo test took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
}
