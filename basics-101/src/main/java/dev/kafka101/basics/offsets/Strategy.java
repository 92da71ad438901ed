package dev.kafka101.basics.offsets;

import java.time.Instant;

/** Where to move each partition's committed offset. */
public record Strategy(String name, long value) {
    public static Strategy toEarliest() {
        return new Strategy("to-earliest", 0);
    }

    public static Strategy toLatest() {
        return new Strategy("to-latest", 0);
    }

    /** The first record whose timestamp is at or after {@code time}; partitions with none go to the end. */
    public static Strategy toDatetime(Instant time) {
        return new Strategy("to-datetime", time.toEpochMilli());
    }

    /** Current committed offset plus {@code n} (negative: back), kept within the partition's records. */
    public static Strategy shiftBy(long n) {
        return new Strategy("shift-by", n);
    }

    @Override
    public String toString() {
        return switch (name) {
            case "to-datetime" -> name + " " + Instant.ofEpochMilli(value);
            case "shift-by" -> name + " " + value;
            default -> name;
        };
    }
}
