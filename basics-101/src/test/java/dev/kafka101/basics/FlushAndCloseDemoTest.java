package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.JavaProcess;
import dev.kafka101.local.junit.EmbeddedKafka;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each producer runs in a JVM of its own that really exits; then the test counts what reached the topic. */
@EmbeddedKafka
class FlushAndCloseDemoTest {
    private static final int RECORDS = 20;

    @Test
    @Tag("claim")
    void producerJvmThatExitsWithoutFlushOrCloseLosesEveryBufferedRecord(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(1, 1);

        String stdout = runProducerJvm(kafka, topic, FlushAndCloseDemo.FORGET);

        assertThat(stdout).contains(RECORDS + " records handed to send()");
        long reached = FlushAndCloseDemo.recordsIn(kafka.clientProperties(), topic);
        System.out.printf("forgetful producer JVM exited: %d of %d records reached the topic%n", reached, RECORDS);
        assertThat(reached).isZero();
    }

    @Test
    @Tag("claim")
    void producerJvmThatCallsCloseDeliversEveryRecordWithoutWaitingForLinger(KafkaTestCluster kafka) {
        String topic = kafka.createTopic(1, 1);

        String stdout = runProducerJvm(kafka, topic, FlushAndCloseDemo.CLOSE);

        assertThat(stdout).contains(RECORDS + " records handed to send()").contains("close() returned after");
        long reached = FlushAndCloseDemo.recordsIn(kafka.clientProperties(), topic);
        System.out.printf(
                "closing producer JVM exited: %d of %d records reached the topic; %s%n",
                reached,
                RECORDS,
                stdout.lines()
                        .filter(l -> l.contains("close() returned"))
                        .findFirst()
                        .orElse(""));
        assertThat(reached).isEqualTo(RECORDS);
    }

    private static String runProducerJvm(KafkaTestCluster kafka, String topic, String mode) {
        try (JavaProcess producer = JavaProcess.start(
                FlushAndCloseDemo.class,
                mode,
                "--records",
                String.valueOf(RECORDS),
                "--topic",
                topic,
                "--bootstrap-server",
                kafka.bootstrapServers())) {
            // 45 s < linger.ms (60 s): the closing producer can only finish in time because close() does not wait for
            // it
            int exit = producer.waitFor(Duration.ofSeconds(45));
            assertThat(exit).as("exit code; stderr:%n%s", producer.stderr()).isZero();
            return producer.stdout();
        }
    }
}
