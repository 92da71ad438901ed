package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JVMs the project starts (JavaProcess children) pass {@link JvmFlags#quietWarnings()}: on JDK 25 a Kafka JVM
 * that unmaps a buffer (ByteBufferUnmapper) and loads lz4's JNI code prints two warning blocks without them, none
 * with them; on JDK 17 the flags are accepted and change nothing.
 */
class JvmFlagsTest {

    @Test
    void theUnsafeFlagIsPassedFromJdk23OnAndNativeAccessAlways() {
        assertThat(JvmFlags.quietWarnings(17)).containsExactly("--enable-native-access=ALL-UNNAMED");
        assertThat(JvmFlags.quietWarnings(21)).containsExactly("--enable-native-access=ALL-UNNAMED");
        assertThat(JvmFlags.quietWarnings(25))
                .containsExactly("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        assertThat(JvmFlags.quietWarnings())
                .isEqualTo(JvmFlags.quietWarnings(Runtime.version().feature()));
    }

    @Test
    @Tag("claim")
    void childJvmsPrintNoJdkWarningAboutKafkasUnmapperOrLz4() throws Exception {
        int jdk = Runtime.version().feature();
        // the same JVM without the flags, as a plain "java -cp ... Main" would start it
        Process plain = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        JavaProcess.classPathOf(JdkWarningsProbe.class),
                        JdkWarningsProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        try (JavaProcess quiet = JavaProcess.start(JdkWarningsProbe.class)) {
            int quietExit = quiet.waitFor(java.time.Duration.ofSeconds(60));
            String plainOutput = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(plain.waitFor(60, TimeUnit.SECONDS)).isTrue();
            List<String> plainWarnings =
                    plainOutput.lines().filter(l -> l.startsWith("WARNING:")).toList();
            List<String> quietWarnings = (quiet.stdout() + quiet.stderr())
                    .lines()
                    .filter(l -> l.startsWith("WARNING:"))
                    .toList();
            System.out.printf(
                    "JDK %s: WARNING lines without the flags %d, with %s %d%n%s%n",
                    Runtime.version(),
                    plainWarnings.size(),
                    JvmFlags.quietWarnings(),
                    quietWarnings.size(),
                    String.join("\n", plainWarnings));

            assertThat(quietExit).as(quiet.stderr()).isZero();
            assertThat(quiet.stdout()).startsWith("lz4: ");
            assertThat(quietWarnings).isEmpty();
            if (jdk >= 25) { // the warnings these flags exist for (on 17 there are none to silence)
                assertThat(plainOutput)
                        .contains("sun.misc.Unsafe::invokeCleaner has been called by "
                                + "org.apache.kafka.common.utils.internals.ByteBufferUnmapper")
                        .contains("--enable-native-access");
            }
        } finally {
            plain.destroyForcibly();
        }
    }
}
