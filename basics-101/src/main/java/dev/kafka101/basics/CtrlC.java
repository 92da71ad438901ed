package dev.kafka101.basics;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plumbing for producer demos: Ctrl-C (SIGTERM) asks the send loop to stop, then waits (at most 10 s) until the demo
 * has flushed and closed its producer. Use it in try-with-resources <em>before</em> the producer, so the producer is
 * closed first and this is closed last.
 */
final class CtrlC implements AutoCloseable {
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    private CtrlC(String demo) {
        hook = new Thread(() -> {
            stopRequested.set(true);
            System.out.printf("%n%s: Ctrl-C, flushing and closing the producer...%n", demo);
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, demo + "-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Starts watching for Ctrl-C until {@link #close()}. */
    static CtrlC watch(String demo) {
        return new CtrlC(demo);
    }

    /** True once Ctrl-C was pressed: the send loop should stop sending. */
    boolean stopRequested() {
        return stopRequested.get();
    }

    /** The producer is closed: let the JVM go, and stop watching. */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook is running and has just been released
        }
    }
}
