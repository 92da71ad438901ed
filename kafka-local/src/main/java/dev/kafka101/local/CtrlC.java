package dev.kafka101.local;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (SIGTERM) for lessons, in one place. For a producer's send loop: {@link #watch} asks the loop to stop, then
 * waits (at most 10 s) until the lesson has flushed and closed its producer; use it in try-with-resources
 * <em>before</em> the producer, so the producer is closed first and this last. For a lesson with its own hook (a
 * consumer's {@code wakeup()}): {@link #removeHookQuietly} when the lesson ends first.
 */
public final class CtrlC implements AutoCloseable {
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private CtrlC(String demo) {
        hook = new Thread(
                () -> {
                    stopRequested.set(true);
                    System.out.printf("%n%s: Ctrl-C, flushing and closing the producer...%n", demo);
                    try {
                        closed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                demo + "-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts watching for Ctrl-C until {@link #close()}. */
    public static CtrlC watch(String demo) {
        return new CtrlC(demo);
    }

    /** True once Ctrl-C was pressed: the send loop should stop sending. */
    public boolean stopRequested() {
        return stopRequested.get();
    }

    /** The producer is closed: let the JVM go, and stop watching. */
    @Override
    public void close() {
        closed.countDown();
        removeHookQuietly(hook);
    }

    /** Removes {@code hook}; when the JVM is already stopping (the hook runs now) there is nothing to remove. */
    public static void removeHookQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook is running
        }
    }

    /** True when the JVM has begun its shutdown (Ctrl-C, SIGTERM, System.exit): hooks can no longer be added. */
    public static boolean jvmIsStopping() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
