package dev.kafka101.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.exercises.check.Checker;
import dev.kafka101.exercises.check.Checker.Result;
import dev.kafka101.exercises.check.Checker.Status;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.ExerciseExtension;
import dev.kafka101.exercises.check.ExerciseFailure;
import dev.kafka101.exercises.check.Locations;
import dev.kafka101.exercises.check.Pristine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every exercise test on the learner's files (target/classes) in this JVM, as the checker does, without stopping
 * at the first failure. On a fresh clone (what CI builds) every file is the untouched stub: each exercise must fail,
 * with its own message, and never with a stack trace. A learner's solved file may pass instead. With the environment
 * variable {@code CI=true} every stub must be untouched.
 */
class StubsFailFriendlyTest {

    @Test
    void everyUntouchedStubFailsWithItsFriendlyMessageAndNoStackTraceAndNothingEverFailsUnfriendly(@TempDir Path state)
            throws Exception {
        long start = System.nanoTime();
        List<Result> results = Checker.run(getClass().getClassLoader(), false, state.resolve("state.properties"));
        System.out.printf(
                Locale.ROOT,
                "all %d exercises on the learner's files in %.1f s%n",
                results.size(),
                (System.nanoTime() - start) / 1e9);

        List<String> edited = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            Exercise exercise = Class.forName(Checker.TESTS.get(i)).getAnnotation(Exercise.class);
            System.out.println("---- " + r.status() + "\n" + r.message());
            boolean untouched = Pristine.isUntouched(exercise.stub());
            if (!untouched) {
                edited.add(exercise.stub().getSimpleName() + ".java="
                        + Pristine.sha256(Locations.sourceFile(exercise.stub())));
            }
            if (untouched) {
                assertThat(r.status())
                        .as("exercise %d's untouched stub", r.number())
                        .isEqualTo(Status.FAILED);
                assertThat(ExerciseExtension.unwrap(r.message()))
                        .as("exercise %d", r.number())
                        .contains(exercise.untouchedStubSays());
            }
            if (r.status() == Status.FAILED) {
                assertFriendly(r, exercise);
            } else {
                assertThat(r.status()).as("exercise %d ran", r.number()).isEqualTo(Status.PASSED);
            }
        }
        if (!edited.isEmpty()) {
            System.out.println(
                    "edited stubs (if you changed a stub on purpose, put these in pristine-stubs.properties):\n  "
                            + String.join("\n  ", edited));
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(edited)
                    .as("CI builds the stubs as shipped: update src/test/resources/pristine-stubs.properties")
                    .isEmpty();
        }
    }

    private static void assertFriendly(Result r, Exercise exercise) {
        assertThat(r.failure())
                .as("exercise %d fails with an ExerciseFailure", r.number())
                .isInstanceOf(ExerciseFailure.class);
        assertThat(r.failure().getStackTrace()).as("no stack trace").isEmpty();
        assertThat(r.failure().getCause()).as("no 'Caused by' chain").isNull();
        assertThat(r.failure().toString()).isEqualTo(r.message());
        assertThat(r.message().lines()).as("lines of at most 118 characters").allMatch(l -> l.length() <= 118);
        String m = ExerciseExtension.unwrap(r.message());
        assertThat(m).startsWith("Exercise " + r.number() + " (" + exercise.title() + ")");
        assertThat(m)
                .contains("Open:     " + "exercises/src/")
                .contains(exercise.stub().getSimpleName() + ".java:");
        assertThat(m)
                .contains("Saw:")
                .contains("Hint 1/3: " + exercise.hints()[0])
                .contains(exercise.docs());
        assertThat(m.lines()).noneMatch(l -> l.strip().startsWith("at ") && l.contains("("));
        assertThat(r.message().lines().count()).as("a few lines, not a wall").isLessThanOrEqualTo(16);
    }
}
