package dev.kafka101.basics.groups;

/**
 * The thread a consumer polls on, and how it is stopped from another thread: {@link #requestStop} calls the consumer's
 * {@code wakeup()} (its poll throws WakeupException, the loop commits and closes), {@link #awaitClosed} waits for that.
 */
public abstract class PollThread implements AutoCloseable {
    private final Thread thread;

    protected PollThread(String threadName) {
        this.thread = new Thread(this::pollLoop, threadName);
    }

    /** Poll, process, commit until woken up; then commit and close the consumer. Runs on the poll thread. */
    protected abstract void pollLoop();

    /** The consumer's {@code wakeup()}: the only consumer method safe to call from another thread. */
    protected abstract void wakeup();

    protected void startPolling() {
        thread.start();
    }

    /** wakeup(): the poll loop ends, commits, closes (leaves the group); returns at once. */
    public void requestStop() {
        wakeup();
    }

    /** Waits (up to 15 s) for the poll thread to have closed the consumer. */
    public void awaitClosed() {
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** wakeup(), then wait for the poll thread to commit and close. */
    @Override
    public void close() {
        requestStop();
        awaitClosed();
    }
}
