package dev.kafka101.exercises.check;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks the test class of one exercise: which stub it checks, the three hints (nudge, concept, near-solution) and
 * what the untouched stub's failure says. {@link ExerciseExtension} turns every failure of the class into one friendly
 * {@link ExerciseFailure}; the timeout is a backstop (the tests' own waits are shorter and say what they waited for).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExerciseExtension.class)
@Tag(Exercise.TAG)
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public @interface Exercise {
    /** The JUnit tag of every exercise test: the solutions execution runs them, the default one leaves them out. */
    String TAG = "exercise";

    /** 1, 2, ... in the order of the course. */
    int value();

    /** What the learner builds, a few words. */
    String title();

    /** The learner's class (its file is the one to open). */
    Class<?> stub();

    /** The topic page that explains the lesson, relative to the repository root. */
    String docs();

    /** Exactly three hints: a nudge, the Kafka concept, an almost-solution. */
    String[] hints();

    /** A phrase the untouched stub's failure contains (StubsFailFriendlyTest checks it). */
    String untouchedStubSays();
}
