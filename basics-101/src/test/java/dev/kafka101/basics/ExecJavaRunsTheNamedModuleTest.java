package dev.kafka101.basics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.local.junit.RepoRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run commands, run as written through ./mvnw: {@code -pl X -am compile exec:java} runs X's main and
 * never the main of a module {@code -am} brings along, lab-console's own command starts the local cluster, and a run
 * that names no module fails in one line. {@code --help} makes each main print its usage and exit at once.
 *
 * <p>It lives in basics-101, the module its commands name: Maven has compiled basics-101 and every module upstream of
 * it before these tests start, so the inner {@code compile} finds nothing to do, even while the outer build compiles
 * other modules side by side.
 */
class ExecJavaRunsTheNamedModuleTest {

    private static Path root;
    private static Run labConsole;
    private static Run basicsWithAlsoMake;
    private static Run noModule;

    record Run(int exitCode, String output) {}

    /**
     * Three Maven runs, started once for the class: the run without a module fails before compiling, so it goes
     * alongside the two others, which run one after the other (both compile kafka-local and lab-console).
     */
    @BeforeAll
    static void runTheCommands() throws Exception {
        root = RepoRoot.find();
        CompletableFuture<Run> failing = CompletableFuture.supplyAsync(() -> mvnw("compile", "exec:java"));
        basicsWithAlsoMake = mvnw("-pl", "basics-101", "-am", "compile", "exec:java", "-Dexec.args=--help");
        labConsole = mvnw("-pl", "lab-console", "-am", "compile", "exec:java", "-Dexec.args=--help");
        noModule = failing.get(3, TimeUnit.MINUTES);
    }

    private static Run mvnw(String... args) {
        try {
            return mvnwOrThrow(args);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run ./mvnw " + String.join(" ", args), e);
        }
    }

    private static Run mvnwOrThrow(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-q", "-B"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("mvnw-", ".out");
        ProcessBuilder builder = new ProcessBuilder(cmd);
        // Maven's own JVM on the quick C1 compiler only, as the project's other short-lived JVMs: these runs compile
        // little and print --help, and the CPU they save goes to the tests running beside them
        builder.environment().merge("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", (a, b) -> a + " " + b);
        Process p = builder.directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", cmd) + " still running after 3 min:\n" + Files.readString(out));
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        Files.delete(out);
        return r;
    }

    @Test
    void labConsolesOwnCommandRunsLocalKafkaCluster() {
        Run r = labConsole;

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as(r.output()).startsWith("usage: LocalKafkaCluster");
    }

    @Test
    void theAlsoMadeModulesDoNotRunTheirMainsOnlyTheNamedOneDoes() {
        // lab-console is built first: had its main run, its usage would come first and --help would end the build
        Run r = basicsWithAlsoMake;

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).as(r.output()).startsWith("usage: DemoTour").doesNotContain("LocalKafkaCluster");
    }

    @Test
    void execJavaWithoutAModuleFailsInsteadOfDoingNothing() {
        Run r = noModule;

        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output())
                .contains("exec:java needs the module to run: ./mvnw -q -pl basics-101 -am compile exec:java");
    }
}
