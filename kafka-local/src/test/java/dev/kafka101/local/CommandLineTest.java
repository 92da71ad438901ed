package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The flags a demo main offers. (LocalKafkaCluster's, which has nothing to connect to: SharedClusterBadInputTest.) */
class CommandLineTest {

    @Test
    void demoSpecOffersTheConnectionFlags() {
        assertThat(CommandLine.spec("ProducerDemo").usage())
                .contains(CommandLine.BOOTSTRAP_SERVER, CommandLine.COMMAND_CONFIG, CommandLine.BROKERS);
    }
}
