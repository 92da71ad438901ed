package dev.kafka101.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The flags a demo main offers. (LocalKafkaCluster's, which has nothing to connect to: SharedClusterBadInputTest.) */
class CommandLineTest {

    @Test
    void demoSpecOffersTheConnectionFlags() {
        assertThat(CommandLine.spec("ProducerDemo").usage())
                .contains(CommandLine.BOOTSTRAP_SERVER, CommandLine.COMMAND_CONFIG, CommandLine.BROKERS);
    }
}
