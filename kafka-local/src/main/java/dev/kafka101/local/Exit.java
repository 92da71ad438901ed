package dev.kafka101.local;

/** How a demo main stops on input it cannot use: one line on stderr, a non-zero exit, no stack trace. */
public final class Exit {
    /** Exit code for bad input: flags, files, unreachable clusters, refused credentials. */
    public static final int BAD_INPUT = 2;

    private Exit() {
    }

    /** Prints {@code error: message} and exits with {@link #BAD_INPUT}. Shutdown hooks still stop an embedded cluster. */
    public static RuntimeException fail(String message) {
        System.out.flush();
        System.err.println("error: " + message);
        System.err.flush();
        System.exit(BAD_INPUT);
        return new IllegalStateException("unreachable");
    }
}
