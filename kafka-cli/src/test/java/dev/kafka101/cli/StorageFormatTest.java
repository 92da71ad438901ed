package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafka-storage.sh format} (4.4's {@code kafka.tools.StorageTool}) on a controller configured the 3.9 way, with
 * a static {@code controller.quorum.voters} list: no flag needed, and {@code --standalone} is refused. See docs/kraft.md.
 */
class StorageFormatTest {

    @Test
    @Tag("claim")
    void formatRefusesStandaloneWhenControllerQuorumVotersIsSetAndNeedsNoFlagThen(@TempDir Path tmp) throws Exception {
        Path root = RepoRoot.find();
        String storageTool = KafkaTool.mainClassOf(root.resolve("bin/kafka-storage.sh"));
        // config/server.properties turned back into a 3.9-style static quorum: voters instead of bootstrap servers
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("config/server.properties"))) {
            config.load(in);
        }
        config.remove("controller.quorum.bootstrap.servers");
        config.setProperty("controller.quorum.voters", config.getProperty("node.id") + "@localhost:9093");
        config.setProperty("log.dirs", tmp.resolve("logs").toString());
        Path file = tmp.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            config.store(out, "config/server.properties with controller.quorum.voters (static quorum)");
        }
        String clusterId = "QztHCVaSRwOx6a2t_ywrDg";

        KafkaTool.Result standalone = KafkaTool.run(
                storageTool, List.of("format", "-t", clusterId, "-c", file.toString(), "--standalone"), "");
        KafkaTool.Result plain =
                KafkaTool.run(storageTool, List.of("format", "-t", clusterId, "-c", file.toString()), "");

        String refusal = (standalone.stdout() + standalone.stderr()).strip();
        System.out.printf(
                "voters set, --standalone: exit %d: %s%nvoters set, no flag: exit %d%n",
                standalone.exitCode(), refusal, plain.exitCode());
        assertThat(standalone.exitCode()).isEqualTo(1);
        assertThat(refusal)
                .contains("You cannot specify controller.quorum.voters and format the node with "
                        + "--initial-controllers or --standalone");
        assertThat(plain.exitCode()).as("%s", plain).isZero();
        assertThat(tmp.resolve("logs/meta.properties")).exists();
    }
}
