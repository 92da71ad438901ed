package dev.kafka101.exercises.check;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The exercises' checker: runs the exercise tests in order against the learner's classes, in this JVM (one embedded
 * cluster per size for the whole run), stops at the first one that fails and prints it: the exercise, the file to
 * open, what was seen versus expected, and a hint that gets more specific with each failed try.
 *
 * <pre>
 * ./mvnw -q -pl exercises -am test-compile exec:java                        # check once
 * ./mvnw -q -pl exercises -am test-compile exec:java -Dexec.args=--watch    # re-check on every save
 * </pre>
 * {@code --watch} recompiles the learner's folder with the JDK's compiler into a temp folder and runs the tests on
 * those classes through a fresh class loader, so a save is checked in seconds without Maven. Proven by
 * {@code CheckerTest} and {@code StubsFailFriendlyTest}.
 */
public final class Checker {
    /** The exercise tests, in the order of the course. */
    public static final List<String> TESTS = List.of(
            "dev.kafka101.exercises.Ex01ProducerStepsTest",
            "dev.kafka101.exercises.Ex02CallbackTest",
            "dev.kafka101.exercises.Ex03KeysTest",
            "dev.kafka101.exercises.Ex04PartitionerTest",
            "dev.kafka101.exercises.Ex05AcksMinIsrTest",
            "dev.kafka101.exercises.Ex06NoDuplicatesTest",
            "dev.kafka101.exercises.Ex07CleanShutdownTest",
            "dev.kafka101.exercises.Ex08CommitOnRevokeTest",
            "dev.kafka101.exercises.Ex09OffsetResetTest",
            "dev.kafka101.exercises.Ex10WikimediaHandlerTest",
            "dev.kafka101.exercises.Ex11GroupLagTest");

    public enum Status {
        PASSED,
        FAILED,
        NOT_RUN
    }

    /** One exercise's outcome; {@code failure} is what its test threw (an ExerciseFailure for a friendly one). */
    public record Result(int number, String title, String file, Status status, String message, Throwable failure) {}

    private Checker() {}

    public static void main(String[] args) throws Exception {
        quietKafkaLogs();
        boolean watch = false;
        boolean compile = false;
        for (String a : args) {
            if (a.equals("--watch")) {
                watch = true;
            } else if (a.equals("--compile")) {
                compile = true;
            } else if (a.equals("--help") || a.equals("-h")) {
                System.out.println("Checks the exercises in order and explains the first one that fails.\n"
                        + "  --watch   re-check each time a file under " + Locations.display(Locations.sources())
                        + " is saved\n"
                        + "  --compile compile that folder first (the JDK's compiler; bin/check-exercises.sh uses it)");
                System.exit(0);
            } else {
                System.err.println("unknown option " + a + " (try --help)");
                System.exit(2);
            }
        }
        PrintStream out = System.out;
        if (!watch) {
            List<Result> results;
            if (compile) {
                Path classes = Files.createTempDirectory("kafka101-exercises-");
                if (!compile(compiler(), Locations.sources(), classes, out)) {
                    System.exit(1);
                }
                try (URLClassLoader fresh =
                        ChildFirstLoader.of(classes, Locations.targetDir().resolve("test-classes"))) {
                    results = timed(fresh, out);
                }
            } else {
                results = timed(Checker.class.getClassLoader(), out);
            }
            System.exit(results.stream().allMatch(r -> r.status() == Status.PASSED) ? 0 : 1);
        }
        watch(out);
    }

    private static JavaCompiler compiler() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            System.err.println("the checker compiles your files itself and needs a JDK, not a JRE (java -version)");
            System.exit(2);
        }
        return javac;
    }

    /** Kafka's own WARN lines (retries, lost connections) are part of what the exercises provoke: keep them out. */
    static void quietKafkaLogs() {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    }

    private static List<Result> timed(ClassLoader loader, PrintStream out) {
        out.println("Checking the exercises in " + Locations.display(Locations.sources())
                + " on an embedded Kafka cluster ...");
        long start = System.nanoTime();
        List<Result> results = run(loader, true, Hints.defaultStateFile());
        out.print(report(results));
        out.printf(Locale.ROOT, "(checked in %.1f s)%n", (System.nanoTime() - start) / 1e9);
        return results;
    }

    /**
     * Runs the exercise tests (classes loaded from {@code loader}) in order; with {@code stopAtFirstFailure} the ones
     * after the first failure are skipped. Failed tries are counted in {@code stateFile}.
     */
    public static List<Result> run(ClassLoader loader, boolean stopAtFirstFailure, Path stateFile) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : TESTS) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(
                        "exercise test " + name + " is not compiled: run test-compile first", e);
            }
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(DiscoverySelectors::selectClass).toList())
                .configurationParameter(
                        "junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$ClassName")
                .configurationParameter(ExerciseExtension.STOP_AT_FIRST_FAILURE, String.valueOf(stopAtFirstFailure))
                .configurationParameter(Hints.STATE_PROPERTY, stateFile.toString())
                .build();
        Collector collector = new Collector();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request, collector);
        } finally {
            thread.setContextClassLoader(previous);
        }
        List<Result> results = new ArrayList<>();
        for (Class<?> c : classes) {
            Exercise e = c.getAnnotation(Exercise.class);
            String file = Locations.openAt(e.stub());
            Throwable failure = collector.failures.get(c.getName());
            Status status = failure != null
                    ? Status.FAILED
                    : collector.passed.contains(c.getName()) && !collector.skipped.containsKey(c.getName())
                            ? Status.PASSED
                            : Status.NOT_RUN;
            String message = failure == null
                    ? collector.skipped.getOrDefault(c.getName(), "")
                    : failure instanceof ExerciseFailure
                            ? failure.getMessage()
                            : "Exercise " + e.value() + " could not be checked: " + ExerciseExtension.oneLine(failure);
            results.add(new Result(e.value(), e.title(), file, status, message, failure));
        }
        return results;
    }

    /** The progress list and the first failure. */
    public static String report(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        long passed = results.stream().filter(r -> r.status() == Status.PASSED).count();
        sb.append(String.format(Locale.ROOT, "%d of %d exercises pass.%n", passed, results.size()));
        Result first = results.stream()
                .filter(r -> r.status() == Status.FAILED)
                .findFirst()
                .orElse(null);
        for (Result r : results) {
            String mark = switch (r.status()) {
                case PASSED -> "  pass ";
                case FAILED -> "  FAIL ";
                case NOT_RUN -> "       ";
            };
            sb.append(String.format(
                    Locale.ROOT,
                    "%s%2d  %s%s%n",
                    mark,
                    r.number(),
                    r.title(),
                    r == first ? "   <- next" : r.status() == Status.NOT_RUN ? " (not checked yet)" : ""));
        }
        if (first != null) {
            sb.append('\n').append(first.message()).append('\n').append('\n');
            sb.append("Edit the file, save, and run the same command again (or add -Dexec.args=--watch).\n");
        } else if (passed == results.size()) {
            sb.append(
                    "\nAll exercises pass: well done. The reference solutions are in exercises/src/solutions/java.\n");
        }
        return sb.toString();
    }

    // ---- watch mode ---------------------------------------------------------------------------------------------

    private static void watch(PrintStream out) throws IOException, InterruptedException {
        JavaCompiler javac = compiler();
        Path sources = Locations.sources();
        Path packageDir = sources.resolve("dev/kafka101/exercises");
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            packageDir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (true) {
                Path classes = Files.createTempDirectory("kafka101-exercises-");
                if (compile(javac, sources, classes, out)) {
                    try (URLClassLoader fresh =
                            ChildFirstLoader.of(classes, Locations.targetDir().resolve("test-classes"))) {
                        timed(fresh, out);
                    }
                }
                out.println("\nWatching " + Locations.display(packageDir) + " for saves (Ctrl-C to stop) ...");
                drain(watcher, watcher.take());
            }
        }
    }

    /** Editors save in bursts (temp file, rename, touch): wait until the folder is quiet for 300 ms. */
    private static void drain(WatchService watcher, WatchKey key) throws InterruptedException {
        key.pollEvents();
        key.reset();
        WatchKey more;
        while ((more = watcher.poll(300, TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
        }
    }

    static boolean compile(JavaCompiler javac, Path sources, Path into, PrintStream out) throws IOException {
        List<File> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toFile)
                    .toList();
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            List<String> options = List.of(
                    "-d", into.toString(), "-classpath", classPath(), "--release", "17", "-proc:none", "-nowarn");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files))
                    .call();
            if (!ok) {
                out.println("\nYour files do not compile yet:");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        String file = d.getSource() == null
                                ? ""
                                : Locations.display(Path.of(d.getSource().toUri()));
                        out.printf(
                                "  %s:%d: %s%n",
                                file,
                                d.getLineNumber(),
                                d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
                    }
                }
            }
            return ok;
        }
    }

    /** The checker's own class path: the exec plugin's class loader URLs, or java.class.path. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Checker.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (Exception e) {
                        // not a file: not needed by javac
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Loads the learner's classes and the exercise tests itself (fresh from the recompiled folder), everything else
     * — Kafka, JUnit, this checker package — from the parent, so annotations and the extension stay shared.
     */
    static final class ChildFirstLoader extends URLClassLoader {
        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.kafka101.exercises.") || name.startsWith("dev.kafka101.exercises.check.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        c = super.loadClass(name, false);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }

        static ChildFirstLoader of(Path... folders) throws MalformedURLException {
            URL[] urls = new URL[folders.length];
            for (int i = 0; i < folders.length; i++) {
                urls[i] = folders[i].toUri().toURL();
            }
            return new ChildFirstLoader(urls, Checker.class.getClassLoader());
        }
    }

    /** Collects per test class: the first failure, whether it passed, why it was skipped. */
    private static final class Collector implements TestExecutionListener {
        final Map<String, Throwable> failures = new LinkedHashMap<>();
        final Set<String> passed = new LinkedHashSet<>();
        final Map<String, String> skipped = new LinkedHashMap<>();

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            className(id).ifPresent(c -> skipped.putIfAbsent(c, reason));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            className(id).ifPresent(c -> {
                switch (result.getStatus()) {
                    case FAILED -> failures.putIfAbsent(c, result.getThrowable().orElse(new AssertionError("failed")));
                    case SUCCESSFUL -> {
                        if (id.isContainer() && !failures.containsKey(c)) {
                            passed.add(c);
                        }
                    }
                    case ABORTED ->
                        skipped.putIfAbsent(
                                c,
                                result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
                }
            });
        }

        private static java.util.Optional<String> className(TestIdentifier id) {
            TestSource s = id.getSource().orElse(null);
            if (s instanceof ClassSource cs) {
                return java.util.Optional.of(cs.getClassName());
            }
            if (s instanceof MethodSource ms) {
                return java.util.Optional.of(ms.getClassName());
            }
            return java.util.Optional.empty();
        }
    }
}
