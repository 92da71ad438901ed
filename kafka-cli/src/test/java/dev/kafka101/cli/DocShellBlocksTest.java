package dev.kafka101.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shell block of README.md and docs/*.md runs when pasted, as far as can be known without running it: it parses
 * as bash, its line continuations hold, and the bin/ scripts, modules, demo classes and demo flags it names exist.
 */
class DocShellBlocksTest {

    private final Path root = RepoRoot.find();

    @Test
    void everyShellBlockOfTheDocsParsesAndNamesScriptsClassesAndFlagsThatExist() {
        ShellBlockCheck check = new ShellBlockCheck(root);
        List<DocBlocks.Block> blocks = DocBlocks.ofRepository(root);
        List<DocBlocks.Block> shell =
                blocks.stream().filter(DocBlocks.Block::isShell).toList();
        List<String> problems =
                blocks.stream().flatMap(b -> check.problems(b).stream()).toList();
        long commands = shell.stream()
                .mapToLong(b -> ShellBlockCheck.commands(b.dedented()).size())
                .sum();
        System.out.printf(
                "%d code blocks in README.md and docs/, %d shell blocks, %d commands checked%n",
                blocks.size(), shell.size(), commands);
        assertThat(shell).as("shell blocks found").hasSizeGreaterThan(10);
        assertThat(problems).as("shell blocks that would fail when pasted").isEmpty();
    }

    @Test
    void theCheckFindsBrokenContinuationsPlaceholdersMissingClassesAndUnknownFlags(@TempDir Path tmp) throws Exception {
        Path doc = tmp.resolve("page.md");
        Files.writeString(doc, """
                The offsets page before the fix: the third line is no continuation.
                ```
                ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.OffsetResetDemo \\
                   -Dexec.args="--group my-app --topic orders --shift-by -10"            # dry run
                   -Dexec.args="--group my-app --topic orders --to-earliest --execute"   # applies it
                ```
                ```bash
                ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.OffsetResetDemo \\
                   -Dexec.args="--group my-app --topic orders --shift-by -10"            # dry run
                   -Dexec.args="--group my-app --topic orders --to-earliest --execute"   # applies it
                ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.NoSuchDemo
                ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ConsumerDemo \\
                  -Dexec.args="--topic t --folow"
                ./mvnw -q -pl no-such-module compile
                bin/kafka-storage.sh format -t <uuid> -c config/server.properties --standalone
                bin/kafka-nothing.sh --list
                kafka-topics.sh --bootstrap-server localhost:9092 --list
                if true; then echo unfinished
                ```
                ```bash
                ./mvnw -q -pl basics-101 -am compile exec:java -Dexec.mainClass=dev.kafka101.basics.ConsumerDemo \\
                  -Dexec.args="--topic t --group g --follow --bootstrap-server=localhost:9092 --help"
                bin/kafka-console-producer.sh --bootstrap-server localhost:9092 --topic t
                >typed into the producer
                ```
                """);
        List<DocBlocks.Block> blocks = DocBlocks.of(doc);
        ShellBlockCheck check = new ShellBlockCheck(root);
        List<String> untagged = check.problems(blocks.get(0));
        List<String> broken = check.problems(blocks.get(1));
        broken.forEach(p -> System.out.println("found: " + p));

        assertThat(untagged).singleElement().asString().contains("a block of commands without a tag");
        assertThat(broken).anyMatch(p -> p.contains("page.md:8 line 3: indented like a continuation"));
        assertThat(broken).anyMatch(p -> p.contains("no class dev.kafka101.basics.NoSuchDemo"));
        assertThat(broken).anyMatch(p -> p.contains("ConsumerDemo has no flag --folow"));
        assertThat(broken).anyMatch(p -> p.contains("-pl no-such-module is not a module"));
        assertThat(broken).anyMatch(p -> p.contains("<uuid> is a redirection"));
        assertThat(broken).anyMatch(p -> p.contains("bin/kafka-nothing.sh is not an executable script"));
        assertThat(broken).anyMatch(p -> p.contains("kafka-topics.sh needs a Kafka download on the PATH"));
        assertThat(broken).anyMatch(p -> p.contains("bash -n: ") && p.contains("syntax error"));
        assertThat(check.problems(blocks.get(2))).isEmpty();
    }
}
