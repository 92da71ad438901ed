package dev.kafka101.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a demo main in a child JVM with this JVM's class path: how tests prove what happens when a process exits
 * without {@code close()}, receives SIGTERM, or is killed. Output goes to files so a chatty child never blocks.
 */
public final class JavaProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos = System.nanoTime();

    private JavaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code main} with {@code args}; {@code jvmArgs} like {@code -Xmx256m} go before the class name. */
    public static JavaProcess start(Class<?> main, List<String> jvmArgs, String... args) {
        return start(main, java.util.Map.of(), jvmArgs, args);
    }

    /** Like {@link #start(Class, List, String...)} with extra environment variables for the child. */
    public static JavaProcess start(
            Class<?> main, java.util.Map<String, String> env, List<String> jvmArgs, String... args) {
        return start(false, main, env, jvmArgs, args);
    }

    /**
     * Like {@link #start(Class, java.util.Map, List, String...)}, but the child leads a process group (and session)
     * of its own, as a program started in a terminal does: {@link #interruptGroup()} is then Ctrl-C in that terminal.
     * Needs {@code setsid} (Linux).
     */
    public static JavaProcess startInOwnGroup(
            Class<?> main, java.util.Map<String, String> env, List<String> jvmArgs, String... args) {
        return start(true, main, env, jvmArgs, args);
    }

    /** Whether this system's {@code env} can reset a signal to its default action (GNU coreutils 8.31+); asked once. */
    private static final class EnvResetsSignals {
        static final boolean YES = probe();

        private static boolean probe() {
            try {
                Process p = new ProcessBuilder("env", "--default-signal=INT", "true")
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static JavaProcess start(
            boolean ownGroup, Class<?> main, java.util.Map<String, String> env, List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>();
        if (ownGroup) {
            // Ctrl-C's SIGINT as a terminal delivers it: a JVM started from a background job (a CI script's `&`, nohup)
            // inherits SIGINT *ignored*, and a JVM that starts with SIGINT ignored never runs its shutdown hooks on it
            if (EnvResetsSignals.YES) {
                cmd.addAll(List.of("env", "--default-signal=INT"));
            }
            // not a group leader yet (Java starts children in its own group), so setsid makes the session in place:
            // the pid stays the java process's, and it becomes the group id
            cmd.add(SharedCluster.setsid()
                    .orElseThrow(() -> new IllegalStateException("no setsid on this system"))
                    .toString());
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // small, quick-starting JVM options and the class-data-sharing archive (see JvmFlags)
        JvmFlags.Launch launch = JvmFlags.forChild(classPathOf(main));
        cmd.addAll(launch.options());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(launch.classPath());
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("child-" + main.getSimpleName() + "-", ".out");
            Path err = Files.createTempFile("child-" + main.getSimpleName() + "-", ".err");
            ProcessBuilder builder = new ProcessBuilder(cmd);
            builder.environment().putAll(env);
            Process p = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new JavaProcess(p, out, err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child JVM for " + main.getName(), e);
        }
    }

    /**
     * The class path that loaded {@code main}: under {@code mvn exec:java} that is the project's class loader, not
     * Maven's own {@code java.class.path}.
     */
    public static String classPathOf(Class<?> main) {
        ClassLoader loader = main.getClassLoader();
        if (loader instanceof java.net.URLClassLoader urls && urls.getURLs().length > 0) {
            StringBuilder cp = new StringBuilder();
            for (java.net.URL url : urls.getURLs()) {
                try {
                    cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator)
                            .append(Path.of(url.toURI()));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file URL: skip it
                }
            }
            return cp.toString();
        }
        return System.getProperty("java.class.path");
    }

    public static JavaProcess start(Class<?> main, String... args) {
        return start(main, List.of(), args);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the process to end; kills it (and fails) if it does not. Returns the exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("child JVM still running after " + timeout.toSeconds() + " s; stdout:\n"
                        + stdout() + "\nstderr:\n" + stderr());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM: what Ctrl-C or {@code kill PID} sends; the child's shutdown hooks run. */
    public void terminate() {
        process.destroy();
    }

    /** SIGINT to the child's whole process group ({@link #startInOwnGroup}): what Ctrl-C in its terminal sends. */
    public void interruptGroup() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", "--", "-" + process.pid())
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -INT -- -" + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Time since start. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<cannot read " + p + ": " + e.getMessage() + ">";
        }
    }

    /** Kills the child if it still runs and deletes its output files. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temp files; nothing else to do
        }
    }
}
