package dev.kafka101.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root: the first folder, walking up from the working directory, that holds docs/claims.md. */
final class RepoRoot {
    private RepoRoot() {}

    static Path find() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs").resolve("claims.md"))) {
                return d;
            }
        }
        throw new IllegalStateException("no docs/claims.md in " + dir + " or any folder above it");
    }
}
