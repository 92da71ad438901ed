package dev.kafka101.exercises.check;

import dev.kafka101.local.KafkaErrors;
import dev.kafka101.local.junit.KafkaClusterExtension;
import dev.kafka101.local.junit.KafkaTestCluster;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * Makes every failure of an {@link Exercise} test one friendly {@link ExerciseFailure}: which exercise, the file to
 * open, what was seen versus expected in Kafka terms, and the hint for this try. A stub that still throws
 * {@code UnsupportedOperationException("TODO(exercise ...)")} becomes "not written yet"; anything else the learner's
 * code throws becomes one line with the place in their file. Also: the checker's stop-at-first-failure mode, and
 * {@link LazyKafka} parameters.
 */
public final class ExerciseExtension implements TestExecutionExceptionHandler, ExecutionCondition, ParameterResolver {
    /** JUnit configuration parameter: skip every exercise after the first one that fails (the checker sets it). */
    public static final String STOP_AT_FIRST_FAILURE = "exercises.stopAtFirstFailure";

    public static final String TODO_MARKER = "TODO(exercise";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ExerciseExtension.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        boolean stop = context.getConfigurationParameter(STOP_AT_FIRST_FAILURE)
                .map(Boolean::parseBoolean)
                .orElse(false);
        Integer failed = context.getRoot().getStore(NAMESPACE).get("failed", Integer.class);
        Exercise exercise = exercise(context);
        if (stop && failed != null && exercise != null && failed != exercise.value()) {
            return ConditionEvaluationResult.disabled("exercise " + failed + " comes first");
        }
        return ConditionEvaluationResult.enabled("");
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Exercise exercise = exercise(context);
        if (exercise == null || thrown instanceof TestAbortedException) {
            throw thrown;
        }
        context.getRoot().getStore(NAMESPACE).put("failed", exercise.value());
        // one try per run of the class, however many of its tests fail
        ExtensionContext classContext = context.getParent().orElse(context);
        Integer tries = classContext.getStore(NAMESPACE).get("tries", Integer.class);
        if (tries == null) {
            Path state = context.getConfigurationParameter(Hints.STATE_PROPERTY)
                    .map(Path::of)
                    .orElseGet(Hints::defaultStateFile);
            tries = new Hints(state).failed(exercise.value());
            classContext.getStore(NAMESPACE).put("tries", tries);
        }
        throw friendly(exercise, thrown, tries);
    }

    /** The whole message of a failed exercise. */
    public static ExerciseFailure friendly(Exercise exercise, Throwable thrown, int tries) {
        String message = "Exercise " + exercise.value() + " (" + exercise.title() + ") "
                + (isTodo(thrown) ? "is not written yet." : "does not pass yet.") + '\n'
                + "  Open:     " + Locations.openAt(exercise.stub()) + '\n'
                + body(exercise, thrown) + '\n'
                + Hints.hint(exercise, tries) + '\n'
                + "  Lesson:   " + exercise.docs();
        return new ExerciseFailure(wrap(message), exercise.value(), Hints.level(tries));
    }

    /** Continuation lines of a long line start here, under the text after "  Saw:      ". */
    public static final String CONTINUATION = "\n            ";

    /** Lines longer than 118 characters are broken at spaces, continuing under the text. */
    public static String wrap(String message) {
        StringBuilder out = new StringBuilder();
        for (String line : message.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            while (line.length() > 118) {
                int cut = line.lastIndexOf(' ', 118);
                if (cut <= 12) {
                    break;
                }
                out.append(line, 0, cut).append(CONTINUATION);
                line = line.substring(cut + 1);
            }
            out.append(line);
        }
        return out.toString();
    }

    /** The message with wrapped lines joined again (for comparing texts). */
    public static String unwrap(String message) {
        return message.replace(CONTINUATION, " ");
    }

    static boolean isTodo(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException
                    && t.getMessage() != null
                    && t.getMessage().startsWith(TODO_MARKER)) {
                return true;
            }
        }
        return false;
    }

    /** Saw / Expected / Think, in Kafka terms where the test said it, else the best one-line account. */
    private static String body(Exercise exercise, Throwable thrown) {
        if (thrown instanceof ExerciseFailure) {
            return thrown.getMessage();
        }
        if (isTodo(thrown)) {
            return "  Saw:      the method still throws UnsupportedOperationException(\"TODO(exercise)\")\n"
                    + "  Expected: your code between the \"your code starts here\" and \"ends here\" markers";
        }
        if (thrown instanceof TimeoutException) {
            return "  Saw:      the check did not finish within 90 s (" + firstLine(thrown) + ")\n"
                    + "  Expected: every call into your code to return; does a loop wait for something that never comes?";
        }
        if (thrown instanceof AssertionError) {
            return "  Saw:      " + firstLine(thrown);
        }
        String where = whereInStub(exercise, thrown);
        return "  Saw:      your code threw " + oneLine(thrown) + (where.isEmpty() ? "" : " (at " + where + ")")
                + rootCause(thrown) + "\n"
                + "  Expected: no exception";
    }

    private static String whereInStub(Exercise exercise, Throwable thrown) {
        String stubName = exercise.stub().getName();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getClassName().equals(stubName) || e.getClassName().startsWith(stubName + "$")) {
                    return e.getFileName() + ":" + e.getLineNumber();
                }
            }
        }
        return "";
    }

    private static String rootCause(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == thrown ? "" : "\n            caused by " + oneLine(root);
    }

    static String oneLine(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + firstLine(t));
    }

    private static String firstLine(Throwable t) {
        String first = KafkaErrors.firstLine(String.valueOf(t.getMessage()).strip());
        return first.length() > 300 ? first.substring(0, 300) + "..." : first;
    }

    private static Exercise exercise(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, Exercise.class))
                .orElse(null);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LazyKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
        // KafkaClusterExtension shares one cluster per size per test run; asked only when the test first needs it
        return new LazyKafka() {
            private KafkaTestCluster cluster;

            @Override
            public synchronized KafkaTestCluster get() {
                if (cluster == null) {
                    cluster =
                            (KafkaTestCluster) new KafkaClusterExtension().resolveParameter(parameterContext, context);
                }
                return cluster;
            }
        };
    }
}
