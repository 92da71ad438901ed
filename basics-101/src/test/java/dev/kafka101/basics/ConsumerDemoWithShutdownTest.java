package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** ConsumerDemoWithShutdown in a child JVM: SIGTERM = clean (0 lost, 0 re-read); SIGKILL = at-least-once (0 lost). */
@EmbeddedKafka
@Execution(ExecutionMode.CONCURRENT) // each test has its own topic, group and demo JVM, and mostly waits on it
class ConsumerDemoWithShutdownTest {

    @Test
    @Tag("claim")
    void sigtermCommitsExactlyWhatWasProcessedSoARestartRereadsNothingAndLosesNothing(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        TestRecords.produce(kafka.clientProperties(), topic, 1200);
        Map<TopicPartition, Long> ends = TestRecords.endOffsets(kafka.admin(), topic, 3);
        List<String> processed;
        long exitMillis;
        try (JavaProcess demo = JavaProcess.start(
                ConsumerDemoWithShutdown.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--group",
                group,
                "--max-poll-records",
                "50",
                "--process-ms",
                "10")) {
            // 1,200 records at 10 ms each: SIGTERM after 100, in the middle of a batch, with ~1,000 still to read
            awaitProcessed(demo, 100);
            long t0 = System.nanoTime();
            demo.terminate();
            int code = demo.waitFor(Duration.ofSeconds(60));
            exitMillis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(code)
                    .as("exit code; stdout:%n%s%nstderr:%n%s", demo.stdout(), demo.stderr())
                    .isZero();
            assertThat(demo.stdout()).contains("Closed cleanly");
            // measured ~0.8 s; the bound only catches a hang (the hook waits up to 15 s for the main thread)
            assertThat(exitMillis).isLessThan(10_000);
            processed = TestRecords.processedLines(demo.stdout());
        }
        assertThat(processed).doesNotHaveDuplicates();
        assertThat(processed.size())
                .as("stopped while records were still waiting")
                .isLessThan(1200);

        // committed offset of each partition == how many records of it were processed (it started at offset 0)
        Map<TopicPartition, Long> committed = TestRecords.committed(kafka.admin(), group);
        Map<TopicPartition, Long> processedPerPartition = new HashMap<>();
        processed.forEach(p -> processedPerPartition.merge(
                new TopicPartition(topic, Integer.parseInt(p.split("@")[0])), 1L, Long::sum));
        assertThat(committed).isEqualTo(processedPerPartition);

        // a restart in the same group reads the rest: nothing twice, nothing missing
        List<String> rest = TestRecords.positions(
                TestRecords.readRest(kafka.clientProperties(), topic, group, ends, 10_000, Duration.ofSeconds(60)));
        Set<String> reread = new TreeSet<>(rest);
        reread.retainAll(new HashSet<>(processed));
        Set<String> lost = new TreeSet<>(TestRecords.allPositions(ends));
        processed.forEach(lost::remove);
        rest.forEach(lost::remove);
        System.out.printf(
                "SIGTERM: exit 0 after %d ms; processed %d before, %d after restart, of %d produced;"
                        + " re-read %d, lost %d; committed %s%n",
                exitMillis,
                processed.size(),
                rest.size(),
                TestRecords.allPositions(ends).size(),
                reread.size(),
                lost.size(),
                committed);
        assertThat(reread).isEmpty();
        assertThat(lost).isEmpty();
    }

    @Test
    @Tag("claim")
    void sigkillMidBatchLosesNothingAndReprocessesOnlyTheUncommittedBatch(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        TestRecords.produce(kafka.clientProperties(), topic, 150);
        Map<TopicPartition, Long> ends = TestRecords.endOffsets(kafka.admin(), topic, 3);
        List<String> processed;
        try (JavaProcess demo = JavaProcess.start(
                ConsumerDemoWithShutdown.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--group",
                group,
                "--max-poll-records",
                "20",
                "--process-ms",
                "20",
                "--session-timeout-ms",
                "6000")) {
            // batches of 20 records taking 400 ms each: kill somewhere inside the third or fourth batch
            awaitProcessed(demo, 50);
            demo.kill();
            demo.waitFor(Duration.ofSeconds(10));
            processed = TestRecords.processedLines(demo.stdout());
        }
        long t0 = System.nanoTime();
        List<String> rest = TestRecords.positions(
                TestRecords.readRest(kafka.clientProperties(), topic, group, ends, 6_000, Duration.ofSeconds(60)));
        long recoveryMillis = (System.nanoTime() - t0) / 1_000_000;
        // read after the recovery: a commit the dead process had in flight has surely been applied by now, and the new
        // member (which commits nothing) started from exactly these offsets
        Map<TopicPartition, Long> committed = TestRecords.committed(kafka.admin(), group);
        // processed but not yet committed when it died: the next owner must process these again
        Set<String> uncommitted = new TreeSet<>();
        for (String p : processed) {
            int partition = Integer.parseInt(p.split("@")[0]);
            long offset = Long.parseLong(p.split("@")[1]);
            if (offset >= committed.getOrDefault(new TopicPartition(topic, partition), 0L)) {
                uncommitted.add(p);
            }
        }

        Set<String> duplicates = new TreeSet<>(rest);
        duplicates.retainAll(new HashSet<>(processed));
        Set<String> lost = new TreeSet<>(TestRecords.allPositions(ends));
        processed.forEach(lost::remove);
        rest.forEach(lost::remove);
        System.out.printf(
                "SIGKILL mid-batch: processed %d before the kill (%d of them after the last commit), %d by the"
                        + " next member after %d ms; produced %d, duplicates %d, lost %d%n",
                processed.size(),
                uncommitted.size(),
                rest.size(),
                recoveryMillis,
                TestRecords.allPositions(ends).size(),
                duplicates.size(),
                lost.size());
        assertThat(lost).isEmpty();
        assertThat(duplicates).isEqualTo(uncommitted);
        assertThat(uncommitted.size()).isLessThanOrEqualTo(20); // at most the batch it was in the middle of
    }

    /** Waits (generously: a child JVM on a busy 2-core machine starts slowly) until the demo printed n processed records. */
    private static void awaitProcessed(JavaProcess demo, int n) {
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> TestRecords.processedLines(demo.stdout()).size() >= n || !demo.isAlive());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the demo did not process " + n + " records in 90 s; stdout:\n" + demo.stdout() + "\nstderr:\n"
                            + demo.stderr(),
                    e);
        }
        assertThat(demo.isAlive())
                .as("demo still running; stdout:%n%s%nstderr:%n%s", demo.stdout(), demo.stderr())
                .isTrue();
    }

    @Test
    @Tag("claim")
    void withoutATopicFlagItCreatesTheSharedGroupsDemoTopicWithSteadyProducerDemosSixPartitions(
            KafkaTestCluster kafka) {
        String topic = DemoTopics.GROUPS.name(); // the default: no --topic below
        try (JavaProcess demo = JavaProcess.start(
                ConsumerDemoWithShutdown.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--group",
                kafka.uniqueGroupId())) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> demo.stdout().contains("Consuming " + topic) || !demo.isAlive());
            assertThat(demo.isAlive())
                    .as("still running; stdout:%n%s%nstderr:%n%s", demo.stdout(), demo.stderr())
                    .isTrue();
            int partitions = kafka.admin()
                    .describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .size();
            System.out.printf(
                    "ConsumerDemoWithShutdown with no --topic: consuming %s, %d partitions%n", topic, partitions);
            assertThat(partitions).isEqualTo(6); // what SteadyProducerDemo and docs/consumer-groups.md create
            demo.terminate();
            assertThat(demo.waitFor(Duration.ofSeconds(60))).isZero();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Tag("claim")
    void unknownTopicGivesOneLineErrorAndExit2InsteadOfWaitingSilently(KafkaTestCluster kafka) {
        try (JavaProcess demo = JavaProcess.start(
                ConsumerDemoWithShutdown.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                "no-such-topic-" + kafka.uniqueTopicName())) {
            assertThat(demo.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            DemoMainErrorsTest.assertOneLineError(demo.stderr(), "does not exist");
        }
    }

    @Test
    @Tag("claim")
    void wrongDeserializerGivesOneLineErrorNamingPartitionAndOffset(KafkaTestCluster kafka) throws Exception {
        String topic = kafka.createTopic(1, 1);
        TestRecords.produce(kafka.clientProperties(), topic, 3);
        try (JavaProcess demo = JavaProcess.start(
                ConsumerDemoWithShutdown.class,
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--group",
                kafka.uniqueGroupId(),
                "--value-type",
                "long")) {
            assertThat(demo.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
            System.out.println("wrong deserializer: " + demo.stderr().strip());
            DemoMainErrorsTest.assertOneLineError(
                    demo.stderr(), "offset 0 cannot be read with the configured deserializer");
        }
    }
}
