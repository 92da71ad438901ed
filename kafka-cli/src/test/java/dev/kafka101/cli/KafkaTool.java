package dev.kafka101.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.internals.Exit;

/**
 * Runs one of Apache Kafka's tool mains in this JVM, the way {@code bin/<script>.sh} runs it in its own: same class,
 * same arguments, stdin from a string, stdout/stderr captured. Kafka's tools end with {@code Exit.exit(code)}, which
 * is turned into a return value here instead of ending the test JVM; their shutdown hooks are not installed.
 */
final class KafkaTool {

    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private static final Pattern RUN_CLASS = Pattern.compile("kafka-run-class\\.sh\"?\\s+([\\w.$]+)");

    private KafkaTool() {}

    /** The main class a {@code bin/} script runs, read from the script itself. */
    static String mainClassOf(Path script) {
        try {
            Matcher m = RUN_CLASS.matcher(Files.readString(script));
            if (!m.find()) {
                throw new IllegalStateException(script + " does not call kafka-run-class.sh <class>");
            }
            return m.group(1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + script, e);
        }
    }

    /** Thrown by Kafka's {@code Exit.exit} while a tool runs in-process. */
    private static final class ToolExited extends RuntimeException {
        ToolExited(int code) {
            super("exit " + code, null, false, false);
        }
    }

    static synchronized Result run(String mainClass, List<String> args, String stdin) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        InputStream originalIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        // the first Exit.exit wins: some tools catch what they throw around their own Exit.exit(0) and exit again
        java.util.concurrent.atomic.AtomicReference<Integer> firstExit =
                new java.util.concurrent.atomic.AtomicReference<>();
        Exit.setExitProcedure((status, message) -> {
            firstExit.compareAndSet(null, status);
            throw new ToolExited(status);
        });
        Exit.setShutdownHookAdder((name, hook) -> {});
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            Method main = Class.forName(mainClass).getMethod("main", String[].class);
            main.invoke(null, (Object) args.toArray(String[]::new));
            code = firstExit.get() == null ? 0 : firstExit.get();
        } catch (InvocationTargetException e) {
            if (firstExit.get() != null) {
                code = firstExit.get();
            } else {
                code = -1;
                StringWriter trace = new StringWriter();
                e.getCause().printStackTrace(new PrintWriter(trace));
                err.writeBytes(trace.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run " + mainClass + ".main", e);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            System.setIn(originalIn);
            Exit.resetExitProcedure();
            Exit.resetShutdownHookAdder();
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
