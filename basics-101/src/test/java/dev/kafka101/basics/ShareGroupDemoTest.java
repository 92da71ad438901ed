package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ShareGroupDemo} on the embedded cluster: share groups work out of the box on 4.4 and split one partition. */
@EmbeddedKafka
class ShareGroupDemoTest {

    @Test
    @Tag("claim")
    void twoShareGroupMembersBothReadFromOnePartitionWhereAConsumerGroupGivesItToOneMember(KafkaTestCluster kafka)
            throws Exception {
        FinalizedVersionRange share = kafka.admin()
                .describeFeatures()
                .featureMetadata()
                .get(30, TimeUnit.SECONDS)
                .finalizedFeatures()
                .get("share.version");
        String topic = kafka.createTopic(1, 1);

        long t0 = System.nanoTime();
        ShareGroupDemo.Split consumers =
                ShareGroupDemo.consumerGroup(kafka.clientProperties(), topic, kafka.uniqueGroupId(), 100);
        long t1 = System.nanoTime();
        ShareGroupDemo.Split shared =
                ShareGroupDemo.shareGroup(kafka.clientProperties(), topic, kafka.uniqueGroupId(), 100);
        long t2 = System.nanoTime();
        System.out.printf(
                "share.version finalized %s (no broker setting needed)%n%s (%d ms)%n%s (%d ms)%n",
                share, consumers, (t1 - t0) / 1_000_000, shared, (t2 - t1) / 1_000_000);

        assertThat(share).isNotNull();
        assertThat(share.maxVersionLevel()).isGreaterThanOrEqualTo((short) 1);
        // consumer group: 100 records, all read by the member that owns the one partition, none by the other
        assertThat(consumers.first() + consumers.second()).isEqualTo(100);
        assertThat(Math.min(consumers.first(), consumers.second())).isZero();
        // share group: all 200 records on the topic, read by both members
        assertThat(shared.first() + shared.second()).isGreaterThanOrEqualTo(200);
        assertThat(shared.first()).isPositive();
        assertThat(shared.second()).isPositive();
    }
}
