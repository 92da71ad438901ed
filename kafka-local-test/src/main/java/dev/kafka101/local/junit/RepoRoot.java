package dev.kafka101.local.junit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository root, for tests that read the docs or run the project's own commands ({@code ./mvnw}, {@code bin/}):
 * the first folder, walking up from the working directory, that holds docs/claims.md.
 */
public final class RepoRoot {
    private RepoRoot() {}

    public static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs").resolve("claims.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docs/claims.md in " + dir + " or any folder above it");
    }
}
