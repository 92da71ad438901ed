package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.basics.ProducerDemoWithKeys.Placement;
import dev.kafka101.local.KafkaConnection;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@EmbeddedKafka
class ProducerDemoWithKeysTest {

    @Test
    @Tag("claim")
    void sameKeyAlwaysLandsInTheMurmur2Partition(KafkaTestCluster kafka) {
        int partitions = 3;
        String topic = kafka.createTopic(partitions, 1);

        List<Placement> placements =
                ProducerDemoWithKeys.send(KafkaConnection.of(kafka.clientProperties()), topic, partitions, 10, 3);

        assertThat(placements).hasSize(30);
        Map<String, Set<Integer>> partitionsPerKey = new TreeMap<>(placements.stream()
                .collect(Collectors.groupingBy(
                        Placement::key, Collectors.mapping(Placement::partition, Collectors.toSet()))));
        assertThat(partitionsPerKey).hasSize(10);
        partitionsPerKey.forEach((key, seen) -> {
            // computed here, independently of the producer: a positive murmur2 hash of the key's bytes, mod partitions
            int murmur2 = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            assertThat(seen)
                    .as("partitions key %s landed in over 3 rounds", key)
                    .containsExactly(murmur2);
        });
        assertThat(placements.stream().map(Placement::partition).distinct().count())
                .as("10 keys use more than one partition")
                .isGreaterThan(1);
        System.out.printf(
                "10 keys x 3 rounds: partition per key %s, each equal to murmur2 %% %d%n",
                partitionsPerKey, partitions);
    }
}
