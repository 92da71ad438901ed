package dev.kafka101.basics.lab;

import java.util.concurrent.atomic.AtomicBoolean;

/** For labs on a private embedded cluster: Ctrl-C before the end says what happens to the cluster and its data. */
public final class CtrlCNote {
    private CtrlCNote() {}

    /** Registers the note; set the returned flag when the lab finished (then Ctrl-C says nothing). */
    public static AtomicBoolean register() {
        AtomicBoolean finished = new AtomicBoolean();
        // Ctrl-C / SIGTERM: the embedded cluster's own hook stops it
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (!finished.get()) {
                                System.out.println(
                                        "\nStopping (Ctrl-C): an embedded cluster shuts down with this JVM and its "
                                                + "data folder is deleted.");
                            }
                        },
                        "ctrl-c-note"));
        return finished;
    }
}
