package dev.kafka101.basics.acks;

import java.time.Duration;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;

/** One cell of AcksLab's table: how one write ended. */
public record Outcome(Kind kind, long offset, String error, Duration took) {
    /** How one write ended. */
    public enum Kind {
        ACCEPTED("accepted"),
        SENT_NO_REPLY("sent, no reply"),
        NOT_ENOUGH_REPLICAS("NotEnoughReplicas"),
        NOT_ENOUGH_REPLICAS_AFTER_APPEND("NotEnoughReplicasAfterAppend"),
        TIMEOUT("timeout"),
        FAILED("failed");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public static Outcome failed(Throwable cause, Duration took) {
        Kind kind = cause instanceof NotEnoughReplicasException
                ? Kind.NOT_ENOUGH_REPLICAS
                : cause instanceof NotEnoughReplicasAfterAppendException
                        ? Kind.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                        : cause instanceof TimeoutException ? Kind.TIMEOUT : Kind.FAILED;
        return new Outcome(kind, -1, cause.getClass().getSimpleName() + ": " + cause.getMessage(), took);
    }

    public boolean written() {
        return kind == Kind.ACCEPTED || kind == Kind.SENT_NO_REPLY;
    }
}
