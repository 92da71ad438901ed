package dev.kafka101.exercises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kafka101.exercises.check.Check;
import dev.kafka101.exercises.check.Checker;
import dev.kafka101.exercises.check.Exercise;
import dev.kafka101.exercises.check.ExerciseExtension;
import dev.kafka101.exercises.check.Hints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The hint ladder: try 1 shows the nudge, try 2 the concept, try 3 and later the near-solution. No Kafka needed. */
class HintLadderTest {

    static Stream<String> exercises() {
        return Checker.TESTS.stream();
    }

    @ParameterizedTest
    @MethodSource("exercises")
    void eachExerciseHasThreeDistinctHintsShownOneTwoThreeThenThreeAgain(String testClass, @TempDir Path dir)
            throws Exception {
        Exercise e = Class.forName(testClass).getAnnotation(Exercise.class);
        assertThat(e.hints()).hasSize(3).doesNotContain("").doesNotHaveDuplicates();
        Hints state = new Hints(dir.resolve("state.properties"));

        List<String> shown = new ArrayList<>();
        for (int attempt = 1; attempt <= 4; attempt++) {
            shown.add(ExerciseExtension.unwrap(ExerciseExtension.wrap(Hints.hint(e, state.failed(e.value())))));
        }

        assertThat(shown.get(0)).isEqualTo("  Hint 1/3: " + e.hints()[0]);
        assertThat(shown.get(1)).isEqualTo("  Hint 2/3: " + e.hints()[1]);
        assertThat(shown.get(2)).isEqualTo("  Hint 3/3: " + e.hints()[2]);
        assertThat(shown.get(3)).isEqualTo(shown.get(2));
        assertThat(state.tries(e.value())).isEqualTo(4);
        assertThat(state.tries(e.value() + 100)).as("another exercise's ladder").isZero();
    }

    @Test
    void everyExerciseTestIsInTheCheckersListOnceInCourseOrder() throws Exception {
        Set<Integer> numbers = new HashSet<>();
        int previous = 0;
        for (String t : Checker.TESTS) {
            Exercise e = Class.forName(t).getAnnotation(Exercise.class);
            assertThat(e).as(t).isNotNull();
            assertThat(e.value()).isEqualTo(previous + 1);
            assertThat(numbers.add(e.value())).isTrue();
            previous = e.value();
        }
        try (Stream<Path> files = java.nio.file.Files.list(Path.of(Checker.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("dev/kafka101/exercises"))) {
            List<String> compiled = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("Ex\\d\\d\\w+Test\\.class"))
                    .map(n -> "dev.kafka101.exercises." + n.replace(".class", ""))
                    .sorted()
                    .toList();
            assertThat(Checker.TESTS).containsExactlyElementsOf(compiled);
        }
    }

    @Test
    void aFailingExerciseShowsTheNextHintOnEachRunAcrossRuns(@TempDir Path dir) {
        Path state = dir.resolve("state.properties");
        assertThat(runProbe(LadderProbe.class, state))
                .startsWith("Exercise 99 (the ladder probe) does not pass yet.")
                .contains("Saw:      3 of 20 records were stored twice")
                .contains("Think:    what happens")
                .contains("Hint 1/3: nudge")
                .doesNotContain("Hint 2/3");
        assertThat(runProbe(LadderProbe.class, state)).contains("Hint 2/3: concept");
        assertThat(runProbe(LadderProbe.class, state)).contains("Hint 3/3: near-solution");
        assertThat(runProbe(LadderProbe.class, state)).contains("Hint 3/3: near-solution");
    }

    @Test
    void anUnwrittenStubSaysSoAndAnExceptionFromTheLearnersCodeBecomesOneLine(@TempDir Path dir) {
        Path state = dir.resolve("state.properties");
        assertThat(runProbe(TodoProbe.class, state))
                .startsWith("Exercise 98 (the todo probe) is not written yet.")
                .contains("Open:     exercises/src/")
                .contains("Ex01_ProducerSteps.java:")
                .contains("Hint 1/3: nudge");
        assertThat(runProbe(CrashProbe.class, state))
                .contains("Saw:      your code threw IllegalStateException: boom")
                .contains("caused by IllegalArgumentException: the root");
    }

    private static String runProbe(Class<?> probe, Path state) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(probe))
                .configurationParameter(Hints.STATE_PROPERTY, state.toString())
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, summary);
        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(1);
        Throwable failure = summary.getSummary().getFailures().get(0).getException();
        assertThat(failure.getStackTrace()).isEmpty();
        assertThat(failure.getMessage().lines()).allMatch(l -> l.length() <= 118);
        return ExerciseExtension.unwrap(failure.getMessage());
    }

    @Exercise(
            value = 99,
            title = "the ladder probe",
            stub = Ex01_ProducerSteps.class,
            docs = "docs/producer.md",
            untouchedStubSays = "",
            hints = {"nudge", "concept", "near-solution"})
    static class LadderProbe {
        @Test
        void fails() {
            throw Check.fail(
                    "3 of 20 records were stored twice",
                    "each record once",
                    "what happens to a batch whose response is lost?");
        }
    }

    @Exercise(
            value = 98,
            title = "the todo probe",
            stub = Ex01_ProducerSteps.class,
            docs = "docs/producer.md",
            untouchedStubSays = "",
            hints = {"nudge", "concept", "near-solution"})
    static class TodoProbe {
        @Test
        void fails() {
            throw new IllegalStateException(
                    "wrapped", new UnsupportedOperationException("TODO(exercise 98): write it"));
        }
    }

    @Exercise(
            value = 97,
            title = "the crash probe",
            stub = Ex01_ProducerSteps.class,
            docs = "docs/producer.md",
            untouchedStubSays = "",
            hints = {"nudge", "concept", "near-solution"})
    static class CrashProbe {
        @Test
        void fails() {
            throw new IllegalStateException("boom", new IllegalArgumentException("the root"));
        }
    }
}
