package dev.kafka101.wikimedia;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where the producer remembers how far Kafka has acknowledged the stream: one line, the SSE id of the newest event
 * such that it and all before it are in Kafka. Written to a temporary file and renamed over the old one, so a crash
 * leaves either the old or the new id, never half a line.
 */
public final class ResumeFile {
    private final Path file;
    private String written;

    public ResumeFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The stored id, if there is one. */
    public Optional<String> read() {
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim();
            written = id.isEmpty() ? null : id;
            return Optional.ofNullable(written);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resume file " + file, e);
        }
    }

    /** Stores {@code id} if it differs from what is stored (cheap to call often). */
    public synchronized void write(String id) {
        if (id == null || id.equals(written)) {
            return;
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            written = id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the resume file " + file, e);
        }
    }
}
