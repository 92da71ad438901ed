package dev.kafka101.exercises.check;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the learner's files, the module and the checker's state are, found from where the classes were loaded. */
public final class Locations {
    /** The system property (set by the Maven build) naming the folder of the learner's files. */
    public static final String SOURCES_PROPERTY = "exercises.sources";

    public static final String START_MARKER = "// ---- your code starts here ----";

    private Locations() {}

    /** exercises/target, found from target/test-classes (Maven and IDEs with a Maven import both use it). */
    public static Path targetDir() {
        try {
            Path testClasses = Path.of(Locations.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return testClasses.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("exercises", "target").toAbsolutePath();
        }
    }

    public static Path moduleDir() {
        return targetDir().getParent();
    }

    /** The folder of the learner's files: src/main/java (src/solutions/java with -Psolutions). */
    public static Path sources() {
        String configured = System.getProperty(SOURCES_PROPERTY, "");
        return configured.isBlank() ? moduleDir().resolve("src/main/java") : Path.of(configured);
    }

    public static Path sourceFile(Class<?> stub) {
        return sources().resolve(stub.getName().replace('.', '/') + ".java");
    }

    /** The path to show: relative to the repository root ({@code exercises/src/main/java/...}). */
    public static String display(Path file) {
        Path root = moduleDir().getParent();
        Path abs = file.toAbsolutePath().normalize();
        return root != null && abs.startsWith(root.toAbsolutePath().normalize())
                ? root.toAbsolutePath().normalize().relativize(abs).toString()
                : abs.toString();
    }

    /** {@code path:line} of the first line after the "your code starts here" marker (just the path without one). */
    public static String openAt(Class<?> stub) {
        Path file = sourceFile(stub);
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(START_MARKER)) {
                    return display(file) + ":" + (i + 2);
                }
            }
        } catch (IOException e) {
            // no source next to the classes (a packaged run): the path alone still says which file
        }
        return display(file);
    }
}
