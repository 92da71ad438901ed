package dev.kafka101.exercises.check;

/**
 * How an exercise test says what went wrong, in Kafka terms: what it saw, what it expected, and a question that
 * points at the concept. Example: saw "3 of 20 records were stored twice", expected "each record exactly once",
 * question "what happens to a batch whose response is lost?".
 */
public final class Check {
    private Check() {}

    /** Fails the exercise unless {@code ok}. */
    public static void that(boolean ok, String saw, String expected, String question) {
        if (!ok) {
            throw fail(saw, expected, question);
        }
    }

    /** The failure to throw: {@code throw Check.fail(...)}. */
    public static ExerciseFailure fail(String saw, String expected, String question) {
        StringBuilder sb = new StringBuilder();
        sb.append("  Saw:      ").append(saw).append('\n');
        sb.append("  Expected: ").append(expected);
        if (question != null && !question.isBlank()) {
            sb.append('\n').append("  Think:    ").append(question);
        }
        return new ExerciseFailure(sb.toString());
    }
}
