package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.JavaProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad input to a demo main: one line on stderr, a non-zero exit, no stack trace, no hang. */
class DemoMainErrorsTest {

    @Test
    void nothingListeningAtTheBootstrapServerGivesOneLineErrorAndExit2Within20Seconds() {
        try (JavaProcess demo = JavaProcess.start(ProducerDemo.class, "--bootstrap-server", "127.0.0.1:1")) {
            int code = demo.waitFor(Duration.ofSeconds(30));
            System.out.printf(
                    "ProducerDemo --bootstrap-server 127.0.0.1:1 exited %d after %d ms%n",
                    code, demo.elapsed().toMillis());
            assertThat(code).isEqualTo(2);
            assertThat(demo.elapsed()).isLessThan(Duration.ofSeconds(20));
            assertOneLineError(demo.stderr(), "cannot reach Kafka at 127.0.0.1:1");
        }
    }

    @Test
    void unknownFlagGivesOneLineErrorAndExit2() {
        try (JavaProcess demo = JavaProcess.start(ConsumerDemo.class, "--topik", "x")) {
            assertThat(demo.waitFor(Duration.ofSeconds(30))).isEqualTo(2);
            assertOneLineError(demo.stderr(), "unknown argument '--topik'");
        }
    }

    static void assertOneLineError(String stderr, String expected) {
        assertThat(stderr.lines().filter(l -> l.startsWith("error: ")).toList())
                .singleElement()
                .asString()
                .contains(expected);
        assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }
}
