package dev.kafka101.exercises;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.local.lossy.LossyNetwork;
import dev.kafka101.local.lossy.LostResponseRun;
import dev.kafka101.local.lossy.ProxiedBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A 1-broker cluster of its own, reached through a proxy that loses every 5th Produce response after the broker has
 * written the batch (basics-101's ProduceResponseDroppingProxy); started on first use.
 */
@Exercise(
        value = 6,
        title = "a producer without duplicates when responses are lost",
        stub = Ex06_NoDuplicates.class,
        docs = "docs/idempotence-and-retries.md",
        untouchedStubSays = "records were stored twice",
        hints = {
            "the broker stored each batch whose response was lost; the producer did not hear so and sent it again."
                    + " How could the broker recognise a batch it already has?",
            "an idempotent producer (enable.idempotence) gets a producer id and numbers its batches; the broker drops"
                    + " a retried batch it already wrote. It needs acks=all: acks=1 silently switches it off.",
            "props.setProperty(ProducerConfig.ACKS_CONFIG, \"all\");"
                    + " props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, \"true\");  // instead of acks=1"
        })
class Ex06NoDuplicatesTest {
    private static final int RECORDS = 20;
    private static ProxiedBroker lossy;

    @AfterAll
    static void stop() {
        if (lossy != null) {
            lossy.close();
        }
    }

    @Test
    void everyRecordIsStoredExactlyOnceAndInOrderThoughEveryFifthResponseIsLost() throws Exception {
        if (lossy == null) {
            lossy = ProxiedBroker.start();
        }
        Properties props = Ex06_NoDuplicates.producerSettings(lossy.proxiedBootstrapServers());
        // the test's: a lost answer the proxy does not signal costs 2 s, not 30
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        LostResponseRun run;
        try {
            run = LossyNetwork.send(lossy, "exercise-6-" + System.nanoTime(), props, RECORDS, 5);
        } catch (ExecutionException e) {
            throw Check.fail(
                    "a send failed: " + e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage(),
                    "every record stored once: the producer retries a batch whose response was lost",
                    "does this producer retry at all?");
        }
        List<String> expected =
                IntStream.range(0, RECORDS).mapToObj(String::valueOf).toList();
        Check.that(
                run.duplicates() == 0,
                run.duplicates() + " of " + RECORDS + " records were stored twice (the topic holds "
                        + run.stored().size() + "; " + run.responsesLost()
                        + " Produce responses were lost on the way back)",
                "each of the " + RECORDS + " records exactly once",
                "what happens to a batch whose response is lost?");
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(run.stored());
        Check.that(
                missing.isEmpty(),
                missing.size() + " of " + RECORDS + " records are missing: " + missing,
                "each of the " + RECORDS + " records exactly once",
                "does this producer retry a batch it got no answer for?");
        Check.that(
                run.stored().equals(expected),
                "the records are stored in this order: " + run.stored(),
                "0, 1, 2, ... 19",
                "what keeps retried batches in order?");
    }
}
