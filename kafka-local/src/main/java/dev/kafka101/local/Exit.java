package dev.kafka101.local;

/** The exit codes of every main ({@link DemoMain} uses them). */
public final class Exit {
    /** Exit code for bad input: flags, files, unreachable clusters, refused credentials, refused access. */
    public static final int BAD_INPUT = 2;
    /** Exit code for anything else that went wrong: a bug, or a failure the lesson did not expect. */
    public static final int FAILED = 1;

    private Exit() {}
}
