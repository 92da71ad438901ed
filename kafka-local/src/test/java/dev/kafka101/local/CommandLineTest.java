package dev.kafka101.local;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flags a main offers: a demo connects to a cluster, the cluster's own main has nothing to connect to. */
class CommandLineTest {

    @Test
    void demoSpecOffersTheConnectionFlags() {
        assertThat(CommandLine.spec("ProducerDemo").usage())
                .contains(CommandLine.BOOTSTRAP_SERVER, CommandLine.COMMAND_CONFIG, CommandLine.BROKERS);
    }

    @Test
    void clusterSpecOffersNoConnectionFlagAndRefusesThemInOneLine() {
        CommandLine spec = CommandLine.clusterSpec("LocalKafkaCluster");

        assertThat(spec.usage()).contains(CommandLine.BROKERS)
                .doesNotContain(CommandLine.BOOTSTRAP_SERVER).doesNotContain(CommandLine.COMMAND_CONFIG);
        assertThatThrownBy(() -> spec.parse(CommandLine.BOOTSTRAP_SERVER, "127.0.0.1:9092"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("unknown argument '--bootstrap-server' (LocalKafkaCluster --help lists the flags)");
        assertThat(CommandLine.clusterSpec("LocalKafkaCluster").parse(CommandLine.BROKERS, "3")
                .intValue(CommandLine.BROKERS, 1, 1, 9)).isEqualTo(3);
    }

    @Test
    void localKafkaClusterHelpListsOnlyFlagsThatMeanSomethingForTheCluster() {
        try (JavaProcess help = JavaProcess.start(LocalKafkaCluster.class, List.of("-Xmx64m"), "--help")) {
            assertThat(help.waitFor(Duration.ofSeconds(30))).as(help.stderr()).isZero();
            assertThat(help.stdout()).startsWith("usage: LocalKafkaCluster").contains(CommandLine.BROKERS)
                    .doesNotContain(CommandLine.BOOTSTRAP_SERVER).doesNotContain(CommandLine.COMMAND_CONFIG);
        }
    }
}
