package dev.kafka101.local;

import java.util.Properties;

/**
 * The one shape of every main: {@code DemoMain.run(spec, args, kafka -> { ...the lesson... })}. It owns what is not
 * the lesson:
 * <ul>
 *     <li>{@code --help}: the usage on stdout, exit 0;</li>
 *     <li>bad flags: one line {@code error: ...} on stderr, exit {@value Exit#BAD_INPUT};</li>
 *     <li>the connection: which cluster (flags, environment, shared or private local cluster), printed, checked;</li>
 *     <li>whatever the lesson throws: one line on stderr, secrets scrubbed ({@link KafkaErrors#oneLine}), exit
 *     {@value Exit#BAD_INPUT} for bad input or a Kafka error (refused login, no ACL, ...), {@value Exit#FAILED} for
 *     anything else; never a stack trace;</li>
 *     <li>Ctrl-C: a private cluster this main started stops after the lesson's own Ctrl-C handling (its shutdown hook:
 *     {@link CtrlC}) has let the main thread finish.</li>
 * </ul>
 * Nothing in a lesson exits: it throws, and this class reports.
 */
public final class DemoMain {

    /** A lesson: what it does with the cluster it was given. */
    @FunctionalInterface
    public interface Lesson {
        void run(KafkaConnection kafka) throws Exception;
    }

    /** A main that is not a Kafka client lesson (a tool, a cluster, a report): it gets the parsed flags only. */
    @FunctionalInterface
    public interface Tool {
        void run(CommandLine cli) throws Exception;
    }

    private DemoMain() {}

    /** A lesson with the connection flags only, on a one-broker cluster by default. */
    public static void run(String program, String[] args, Lesson lesson) {
        run(CommandLine.spec(program), args, 1, lesson);
    }

    /** A lesson with flags of its own (declared on {@code spec}; read them from {@code kafka.commandLine()}). */
    public static void run(CommandLine spec, String[] args, Lesson lesson) {
        run(spec, args, 1, lesson);
    }

    /** A lesson that needs replicas: with no cluster configured, the local one has {@code brokers} brokers. */
    public static void run(CommandLine spec, String[] args, int brokers, Lesson lesson) {
        connectAndRun(spec, args, brokers, null, lesson);
    }

    /**
     * A lab that stops brokers: with no connection settings it gets a private cluster in this JVM, never the shared
     * one, and the first line says {@code why}.
     */
    public static void runPrivate(CommandLine spec, String[] args, int brokers, String why, Lesson lesson) {
        connectAndRun(spec, args, brokers, why, lesson);
    }

    /** A main without a Kafka connection of its own: help, bad flags and errors as for a lesson. */
    public static void runTool(CommandLine spec, String[] args, Tool tool) {
        int code;
        try {
            tool.run(spec.parse(args));
            return;
        } catch (CommandLine.HelpRequested help) {
            System.out.println(help.getMessage());
            return;
        } catch (Throwable e) {
            code = report(e, new Properties());
        }
        exit(code);
    }

    private static void connectAndRun(CommandLine spec, String[] args, int brokers, String privateWhy, Lesson lesson) {
        int code;
        KafkaConnection kafka = null;
        Properties secrets = new Properties();
        try {
            kafka = KafkaConnection.open(spec.parse(args), brokers, privateWhy);
            secrets = kafka.clientProperties();
            lesson.run(kafka);
            kafka.close();
            return;
        } catch (CommandLine.HelpRequested help) {
            System.out.println(help.getMessage());
            return;
        } catch (Throwable e) {
            // a connection that failed to open already said who was refused what, secrets scrubbed
            code = kafka == null && e instanceof BadInputException ? report(e.getMessage()) : report(e, secrets);
        }
        closeQuietly(kafka);
        exit(code);
    }

    /** Prints one line for {@code error} on stderr and returns the exit code it deserves. */
    static int report(Throwable error, Properties clientProperties) {
        if (error instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        report(KafkaErrors.oneLine(error, clientProperties));
        return isBadInputOrKafka(error) ? Exit.BAD_INPUT : Exit.FAILED;
    }

    private static int report(String line) {
        System.out.flush();
        System.err.println("error: " + line);
        System.err.flush();
        return Exit.BAD_INPUT;
    }

    private static boolean isBadInputOrKafka(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BadInputException || t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(KafkaConnection kafka) {
        if (kafka != null) {
            try {
                kafka.close();
            } catch (RuntimeException ignored) {
                // exiting anyway: the error line is what matters
            }
        }
    }

    private static void exit(int code) {
        if (CtrlC.jvmIsStopping()) {
            return; // Ctrl-C is already ending the JVM; System.exit now would block until it has
        }
        System.exit(code);
    }
}
