package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.TestKafka;
import dev.kafka101.exercises.check.TestKafka.Background;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * In one JVM: the test calls {@code shutdown()} from its own thread, exactly what the JVM's shutdown hook does on
 * Ctrl-C (basics-101's ConsumerDemoWithShutdownTest proves the same protocol with a child JVM and SIGTERM).
 */
@EmbeddedKafka
@Exercise(
        value = 7,
        title = "a consumer that shuts down without losing or re-reading a record",
        stub = Ex07_CleanShutdown.class,
        docs = "docs/offsets-and-reset.md",
        untouchedStubSays = "is not written yet",
        hints = {
            "a consumer is not thread-safe, with one exception: the method that makes a blocked poll() return.",
            "shutdown() calls consumer.wakeup(); the next or current poll() in run() throws WakeupException. Catch it,"
                    + " then commitSync() what was processed, then close() (which also leaves the group at once).",
            "run(): try { while (true) { for (r : consumer.poll(Duration.ofMillis(100))) process.accept(r); } }"
                    + " catch (WakeupException e) { } finally { consumer.commitSync(); consumer.close(); }"
                    + "  shutdown(): consumer.wakeup();"
        })
class Ex07CleanShutdownTest {
    private static final int RECORDS = 300;

    @Test
    void afterShutdownTheCommittedOffsetsAreRightAfterTheLastProcessedRecordAndTheGroupIsLeft(KafkaTestCluster kafka)
            throws Exception {
        String topic = kafka.createTopic(3, 1);
        String group = kafka.uniqueGroupId();
        TestKafka.fill(kafka.clientProperties(), topic, RECORDS / 3, RECORDS / 3, RECORDS / 3);
        List<ConsumerRecord<String, String>> processed = new CopyOnWriteArrayList<>();
        CountDownLatch someProcessed = new CountDownLatch(RECORDS / 3);
        Ex07_CleanShutdown consumer = new Ex07_CleanShutdown(kafka.clientProperties(), group, topic, r -> {
            processed.add(r);
            someProcessed.countDown();
        });
        Background loop = new Background("exercise-7-poll-loop", consumer::run);
        while (!someProcessed.await(100, TimeUnit.MILLISECONDS)) {
            if (!loop.alive()) {
                loop.rethrowFailure();
                throw Check.fail(
                        "run() returned after processing " + processed.size() + " records, before shutdown()",
                        "run() polls until shutdown() is called",
                        "is the poll in a loop?");
            }
        }

        consumer.shutdown(); // what the shutdown hook does, from another thread
        boolean ended = loop.join(Duration.ofSeconds(10));
        Check.that(
                ended,
                "run() was still running 10 s after shutdown() (" + processed.size() + " records processed)",
                "run() returns within a moment of shutdown()",
                "a poll() can block for its whole timeout: what makes it return at once, from another thread?");
        if (loop.failure() != null) {
            if (loop.failure().getClass().getSimpleName().equals("WakeupException")) {
                throw Check.fail(
                        "run() ended by throwing WakeupException",
                        "run() catches it: it is the way out, not an error",
                        "where does the commit go, so that it happens on the way out?");
            }
            loop.rethrowFailure();
        }

        Map<Integer, Long> next = new TreeMap<>();
        processed.forEach(r -> next.merge(r.partition(), r.offset() + 1, Math::max));
        Map<Integer, Long> committed = TestKafka.committed(kafka.admin(), group, topic);
        long reRead = 0;
        long lost = 0;
        for (Map.Entry<Integer, Long> e : next.entrySet()) {
            long c = committed.getOrDefault(e.getKey(), 0L);
            reRead += Math.max(0, e.getValue() - c);
            lost += Math.max(0, c - e.getValue());
        }
        Check.that(
                reRead == 0,
                "a restarted consumer would read " + reRead + " of the " + processed.size()
                        + " processed records again: committed " + committed + ", processed up to " + next,
                "committed offsets " + next + " (the next offset to read, per partition)",
                "what must the consumer do with its position before it goes away?");
        Check.that(
                lost == 0,
                lost + " records would be skipped by a restarted consumer: committed " + committed
                        + ", but processed only up to " + next,
                "committed offsets " + next,
                "commit what was processed, not what was fetched");
        ConsumerGroupDescription d = kafka.admin()
                .describeConsumerGroups(List.of(group))
                .all()
                .get(10, TimeUnit.SECONDS)
                .get(group);
        Check.that(
                d.members().isEmpty(),
                "the consumer is still a member of group " + group + " after run() returned",
                "no member: it left the group, so its partitions move to the others at once",
                "without it, the group waits session.timeout.ms (45 s) for the lost member: which call says goodbye?");
    }
}
