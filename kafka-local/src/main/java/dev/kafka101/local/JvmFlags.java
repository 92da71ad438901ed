package dev.kafka101.local;

import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags for every JVM this project starts itself (demo child JVMs, a background cluster): they keep the JDK's
 * warnings about Kafka's dependencies out of a learner's output, on the JDKs that print them.
 *
 * <ul>
 *     <li>{@code --enable-native-access=ALL-UNNAMED}: lz4-java and zstd-jni load native code with JNI; since JDK 24
 *     (JEP 472) that prints a "restricted method ... --enable-native-access" warning block. The flag exists since
 *     JDK 17, so it is always passed.</li>
 *     <li>{@code --sun-misc-unsafe-memory-access=allow}: Kafka's {@code ByteBufferUnmapper} unmaps index files with
 *     {@code sun.misc.Unsafe::invokeCleaner}, which JDK 25 reports as terminally deprecated in a four-line warning
 *     (JEP 471 made the flag in JDK 23, JEP 498 turned the warnings on in JDK 24). JDK 17–22 do not know the flag and
 *     refuse to start with it, so it is passed from JDK 23 on only.</li>
 * </ul>
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /** The flags for a JVM of the same JDK as this one (a child started from {@code java.home}). */
    public static List<String> quietWarnings() {
        return quietWarnings(Runtime.version().feature());
    }

    /** The flags for a JVM of the JDK with this feature version (17, 21, 25, ...). */
    public static List<String> quietWarnings(int jdkFeatureVersion) {
        List<String> flags = new ArrayList<>();
        flags.add("--enable-native-access=ALL-UNNAMED");
        if (jdkFeatureVersion >= 23) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return List.copyOf(flags);
    }
}
