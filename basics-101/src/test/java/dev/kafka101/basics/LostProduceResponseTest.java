package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.basics.idempotence.Sequences;
import dev.kafka101.local.lossy.LossyNetwork;
import dev.kafka101.local.lossy.LostResponseRun;
import dev.kafka101.local.lossy.ProxiedBroker;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A 1-broker cluster of its own with a {@code PROXIED} listener advertised at a proxy that loses Produce responses
 * (the shared test clusters have no such listener). 20 records, every 5th response lost.
 */
class LostProduceResponseTest {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static ProxiedBroker lossy;
    private static Map<String, Properties> variants;

    @BeforeAll
    static void startBrokerBehindProxy() throws Exception {
        lossy = ProxiedBroker.start();
        variants = IdempotenceLab.lostResponseVariants(lossy.proxiedBootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (lossy != null) {
            lossy.close();
        }
    }

    private static LostResponseRun run(String variant) throws Exception {
        LostResponseRun r =
                LossyNetwork.send(lossy, "lost-responses-" + TOPICS.incrementAndGet(), variants.get(variant), 20, 5);
        System.out.println(variant + ": " + r);
        return r;
    }

    @Test
    @Tag("claim")
    void withoutIdempotenceEveryLostProduceResponseBecomesADuplicateOnTheTopic() throws Exception {
        LostResponseRun r = run("enable.idempotence=false");

        assertThat(r.responsesLost()).isEqualTo(4);
        assertThat(r.distinct()).isEqualTo(20);
        assertThat(r.stored()).hasSize(24);
        assertThat(r.duplicates()).isEqualTo(4);
    }

    @Test
    @Tag("claim")
    void withIdempotenceEveryRecordIsStoredExactlyOnceAndInOrderDespiteLostProduceResponses() throws Exception {
        LostResponseRun r = run("defaults (idempotent)");

        assertThat(r.responsesLost()).isEqualTo(4);
        assertThat(r.produceRequests()).as("the lost batches were sent again").isGreaterThanOrEqualTo(24);
        assertThat(r.stored()).containsExactlyElementsOf(Sequences.upTo(20));
    }

    @Test
    @Tag("claim")
    void acksOneWithoutNamingIdempotenceWritesDuplicatesWhenResponsesAreLost() throws Exception {
        LostResponseRun r = run("acks=1 (idempotence not named)");

        assertThat(r.responsesLost()).isEqualTo(4);
        assertThat(r.duplicates()).isEqualTo(4);
    }
}
