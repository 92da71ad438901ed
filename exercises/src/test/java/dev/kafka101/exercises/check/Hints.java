package dev.kafka101.exercises.check;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The hint ladder: the n-th failed try of an exercise shows hint min(n, 3) — a nudge, then the concept, then an
 * almost-solution. The try count per exercise is kept in a properties file (default
 * {@code exercises/target/exercises-state.properties}; {@code -Dexercises.state=file} or the JUnit configuration
 * parameter of the same name to move it), shared by the checker, the IDE and Maven.
 */
public final class Hints {
    public static final String STATE_PROPERTY = "exercises.state";

    private final Path file;

    public Hints(Path file) {
        this.file = file;
    }

    public static Path defaultStateFile() {
        String configured = System.getProperty(STATE_PROPERTY, "");
        return configured.isBlank() ? Locations.targetDir().resolve("exercises-state.properties") : Path.of(configured);
    }

    /** 1, 2, 3 for tries 1, 2, 3 and more (0 tries counts as the first). */
    public static int level(int tries) {
        return Math.max(1, Math.min(3, tries));
    }

    /** The hint line for the {@code tries}-th failed try. */
    public static String hint(Exercise exercise, int tries) {
        int level = level(tries);
        return "  Hint " + level + "/3: " + exercise.hints()[level - 1];
    }

    public synchronized int tries(int exercise) {
        return Integer.parseInt(load().getProperty(key(exercise), "0"));
    }

    /** Records one more failed try and returns the new count. */
    public synchronized int failed(int exercise) {
        Properties p = load();
        int tries = Integer.parseInt(p.getProperty(key(exercise), "0")) + 1;
        p.setProperty(key(exercise), String.valueOf(tries));
        store(p);
        return tries;
    }

    private static String key(int exercise) {
        return "exercise." + exercise + ".failed.tries";
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties(); // a damaged state file only resets the ladder
            }
        }
        return p;
    }

    private void store(Properties p) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, "Kafka 101 exercises: failed tries per exercise (the hint ladder); delete to start over");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exercises' state file " + file, e);
        }
    }
}
