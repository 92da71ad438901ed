package dev.kafka101.exercises.check;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Is a learner's file still the stub as shipped? Compares its SHA-256 (line endings normalised) with
 * {@code pristine-stubs.properties}. After changing a stub, put the hash StubsFailFriendlyTest prints there.
 */
public final class Pristine {
    private Pristine() {}

    public static boolean isUntouched(Class<?> stub) {
        String expected = shipped().getProperty(stub.getSimpleName() + ".java", "");
        return !expected.isEmpty() && expected.equals(sha256(Locations.sourceFile(stub)));
    }

    public static String sha256(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return "missing";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties shipped() {
        Properties p = new Properties();
        try (InputStream in = Pristine.class.getResourceAsStream("/pristine-stubs.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read pristine-stubs.properties", e);
        }
        return p;
    }
}
