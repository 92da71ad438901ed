package dev.kafka101.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kafka101.exercises.check.Checker;
import dev.kafka101.exercises.check.Checker.Result;
import dev.kafka101.exercises.check.Checker.Status;
import dev.kafka101.exercises.check.Pristine;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker as the learner runs it: in order, stopping at the first exercise that does not pass. */
class CheckerTest {

    @Test
    void theCheckerNamesTheFirstExerciseThatDoesNotPassAndItsFileAndChecksNothingAfterIt(@TempDir Path state) {
        long start = System.nanoTime();
        List<Result> results = Checker.run(getClass().getClassLoader(), true, state.resolve("state.properties"));
        String report = Checker.report(results);
        System.out.print(report);
        System.out.printf(
                Locale.ROOT, "checker on the learner's files: %.1f s in this JVM%n", (System.nanoTime() - start) / 1e9);

        int first = 0;
        while (first < results.size() && results.get(first).status() == Status.PASSED) {
            first++;
        }
        if (Pristine.isUntouched(Ex01_ProducerSteps.class)) {
            assertThat(first)
                    .as("exercise 1 is the first to fail on a fresh clone")
                    .isZero();
        }
        if (first == results.size()) {
            assertThat(report).contains("All exercises pass");
            return;
        }
        Result failed = results.get(first);
        assertThat(failed.status()).isEqualTo(Status.FAILED);
        assertThat(results.subList(first + 1, results.size())).allMatch(r -> r.status() == Status.NOT_RUN);
        assertThat(report)
                .contains("Exercise " + failed.number() + " (" + failed.title() + ")")
                .contains("Open:     " + failed.file())
                .contains("<- next");
    }
}
