package dev.kafka101.local;

/**
 * Something the user gave us is wrong (a flag, a file, an address, a cluster that cannot be reached). Its message is
 * one line meant for a person; {@link DemoMain} prints it as one line instead of a stack trace.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
