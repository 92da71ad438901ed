package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kafka101.basics.RebalanceLab.Protocol;
import dev.kafka101.basics.RebalanceLab.Result;
import dev.kafka101.basics.RebalanceLab.Settings;
import dev.kafka101.basics.rebalance.RebalanceReport;
import dev.kafka101.basics.rebalance.Scenario;
import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the rebalance lab once per protocol (in parallel, phases of 0.5 s, 25 records/s) and checks the counts it reports:
 * who revoked what, what was lost, what was processed twice. No timing is asserted; the lab prints those.
 */
@EmbeddedKafka
class RebalanceLabTest {
    private static final Set<Integer> ALL = Set.of(0, 1, 2, 3, 4, 5);
    private static final Map<String, Result> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void runTheLabOncePerProtocol(KafkaTestCluster kafka) throws Exception {
        // commit after every batch and in onPartitionsRevoked (the lab's default) ...
        Settings graceful = new Settings(Duration.ofMillis(500), 25, List.of(), true, false);
        // ... or only once a second and never on revoke: what a consumer unprepared for rebalances does
        Settings unprepared = new Settings(Duration.ofMillis(500), 25, List.of(), false, false);
        Map<String, Callable<Result>> runs = new LinkedHashMap<>();
        runs.put("eager", () -> Scenario.run(kafka.clientProperties(), Protocol.EAGER, graceful));
        runs.put("cooperative", () -> Scenario.run(kafka.clientProperties(), Protocol.COOPERATIVE, graceful));
        runs.put("consumer", () -> Scenario.run(kafka.clientProperties(), Protocol.KIP848, graceful));
        runs.put("classic-default", () -> Scenario.run(kafka.clientProperties(), Protocol.CLASSIC_DEFAULT, graceful));
        runs.put("eager-no-commit-on-revoke", () -> Scenario.run(kafka.clientProperties(), Protocol.EAGER, unprepared));
        ExecutorService pool = Executors.newFixedThreadPool(runs.size());
        try {
            Map<String, Future<Result>> futures = new LinkedHashMap<>();
            runs.forEach((name, run) -> futures.put(name, pool.submit(run)));
            for (Map.Entry<String, Future<Result>> f : futures.entrySet()) {
                RESULTS.put(f.getKey(), f.getValue().get(300, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        RESULTS.forEach((name, r) -> System.out.print(name + " " + RebalanceReport.events(r)));
        System.out.print(RebalanceReport.table(List.copyOf(RESULTS.values())));
    }

    private static Result settled(String name) {
        Result r = RESULTS.get(name);
        assertThat(r.join().settled())
                .as("%s: the group settled with A and B, then after C joined", name)
                .isTrue();
        assertThat(r.leave().settled())
                .as("%s: the group settled after A left", name)
                .isTrue();
        assertThat(r.acked()).as("%s: records were acknowledged", name).isPositive();
        return r;
    }

    @Test
    @Tag("claim")
    void defaultAssignmentStrategyIsRangeThenCooperativeStickyAndDefaultGroupProtocolIsClassic() {
        ConsumerConfig defaults = new ConsumerConfig(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "localhost:9092", // required to build the config; never contacted
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));

        // the default is a list of classes (not names): compare their names
        List<?> strategy = defaults.getList(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        assertThat(strategy.stream().map(o -> o instanceof Class<?> c ? c.getName() : String.valueOf(o)))
                .containsExactly(RangeAssignor.class.getName(), CooperativeStickyAssignor.class.getName());
        assertThat(defaults.getString(ConsumerConfig.GROUP_PROTOCOL_CONFIG)).isEqualTo("classic"); // KIP-848 is opt-in
    }

    @Test
    void unknownProtocolGivesOneLineErrorAndExit2BeforeAnyClusterStarts() {
        try (JavaProcess lab = JavaProcess.start(RebalanceLab.class, "--protocols", "eager,roundrobin")) {
            assertThat(lab.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            DemoMainErrorsTest.assertOneLineError(lab.stderr(), "unknown protocol 'roundrobin'");
            assertThat(lab.stdout()).doesNotContain("embedded cluster");
        }
    }

    @Test
    @Tag("claim")
    void kip848ConsumerRefusesClientSideAssignorAndHeartbeatSettings() {
        Properties props = new Properties();
        props.setProperty(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"); // never contacted: construction fails
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "g");
        props.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.setProperty(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");

        Properties withStrategy = new Properties();
        withStrategy.putAll(props);
        withStrategy.setProperty(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        assertThatThrownBy(() -> new KafkaConsumer<String, String>(withStrategy).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("partition.assignment.strategy cannot be set");

        Properties withHeartbeat = new Properties();
        withHeartbeat.putAll(props);
        withHeartbeat.setProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "500");
        assertThatThrownBy(() -> new KafkaConsumer<String, String>(withHeartbeat).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("heartbeat.interval.ms cannot be set");
    }

    @Test
    @Tag("claim")
    void eagerRangeAssignorRevokesEveryPartitionOnAJoinAndOnALeave() {
        Result r = settled("eager");

        assertThat(r.join().revoked()).isEqualTo(ALL);
        assertThat(r.leave().revoked()).isEqualTo(ALL);
        // ... although fewer had to move: the others were taken away and given back
        assertThat(r.join().moved()).hasSizeLessThan(ALL.size());
        assertThat(r.leave().moved()).hasSizeLessThan(ALL.size());
    }

    @Test
    @Tag("claim")
    void defaultClassicConsumerIsEagerItRevokesEveryPartitionOnAJoin() {
        Result r = settled("classic-default");

        assertThat(r.join().revoked()).isEqualTo(ALL);
        assertThat(r.leave().revoked()).isEqualTo(ALL);
    }

    @Test
    @Tag("claim")
    void cooperativeStickyRevokesOnlyThePartitionsThatMove() {
        Result r = settled("cooperative");

        assertThat(r.join().revoked()).isNotEmpty().isEqualTo(r.join().moved());
        assertThat(r.join().revoked()).hasSizeLessThan(ALL.size());
        assertThat(r.leave().revoked()).isNotEmpty().isEqualTo(r.leave().moved());
    }

    @Test
    @Tag("claim")
    void kip848ConsumerProtocolRevokesOnlyThePartitionsThatMove() {
        Result r = settled("consumer");

        assertThat(r.join().revoked()).isNotEmpty().isEqualTo(r.join().moved());
        assertThat(r.join().revoked()).hasSizeLessThan(ALL.size());
        assertThat(r.leave().revoked()).isNotEmpty().isEqualTo(r.leave().moved());
    }

    @Test
    @Tag("claim")
    void noAcknowledgedRecordIsLostInAnyProtocolEvenWithoutCommitOnRevoke() {
        RESULTS.keySet().forEach(RebalanceLabTest::settled);

        assertThat(RESULTS.values())
                .allSatisfy(r -> assertThat(r.lost()).as(r.protocol().flag).isZero());
        assertThat(RESULTS.values())
                .allSatisfy(
                        r -> assertThat(r.overlaps()).as("two owners at once").isZero());
    }

    @Test
    @Tag("claim")
    void withCommitOnRevokeNoRecordIsProcessedTwiceOnAGracefulJoinAndLeave() {
        for (String name : List.of("eager", "cooperative", "consumer", "classic-default")) {
            assertThat(settled(name).processedTwice()).as(name).isZero();
        }
    }

    @Test
    @Tag("claim")
    void withoutCommitOnRevokeAnEagerRebalanceProcessesRecordsTwiceButLosesNone() {
        Result r = settled("eager-no-commit-on-revoke");

        assertThat(r.processedTwice()).isPositive();
        assertThat(r.lost()).isZero();
    }
}
