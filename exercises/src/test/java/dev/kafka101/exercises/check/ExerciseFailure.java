package dev.kafka101.exercises.check;

/**
 * A failed exercise check: a message in Kafka terms, and no stack trace (the learner needs what was seen and what
 * was expected, not where in the test it was noticed). {@link Check} creates the raw one (saw / expected / a
 * question); {@link ExerciseExtension} re-throws it with the exercise, the file to open and a hint.
 */
public final class ExerciseFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final int exercise;
    private final int hintLevel;

    ExerciseFailure(String message) {
        this(message, 0, 0);
    }

    ExerciseFailure(String message, int exercise, int hintLevel) {
        super(message);
        this.exercise = exercise;
        this.hintLevel = hintLevel;
        setStackTrace(new StackTraceElement[0]);
    }

    /** The exercise number, 0 while the failure has not yet gone through {@link ExerciseExtension}. */
    public int exercise() {
        return exercise;
    }

    /** 1 (nudge), 2 (concept) or 3 (near-solution); 0 before {@link ExerciseExtension}. */
    public int hintLevel() {
        return hintLevel;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // no stack trace: the message is the whole story
    }

    /** Printed as the message alone, so IDEs and Maven show no "ExerciseFailure:" prefix and no frames. */
    @Override
    public String toString() {
        return getMessage();
    }
}
