package dev.kafka101.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for listeners that are bound later (a broker started a moment after its configuration is
 * written, a restarted broker that must come back on the same address).
 *
 * <p>The ports come from below the system's ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range},
 * 32768 and up by default; macOS and Windows: 49152 and up). A port the OS hands out for port 0 is an ephemeral one,
 * and every outgoing connection's local port comes from that same range: with many JVMs of a test run connecting at
 * once, such a port was taken by a client connection between the pick and the broker's bind ("Address already in
 * use", seen with modules tested side by side). A port below the range is never given to an outgoing connection, so
 * only another listener could take it.
 */
public final class FreePorts {
    private static final int LOWEST = 20_000;

    private FreePorts() {}

    /** {@code count} distinct ports that were free on 127.0.0.1 just now. */
    public static int[] pick(int count) {
        int below = Math.min(ephemeralRangeStart(), 32_768);
        Set<Integer> picked = new LinkedHashSet<>();
        for (int attempt = 0; picked.size() < count && attempt < 1_000 && below - LOWEST >= 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!picked.contains(port) && bindable(port)) {
                picked.add(port);
            }
        }
        while (picked.size() < count) {
            picked.add(anyEphemeral()); // a system with no room below its ephemeral range
        }
        return picked.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@code count} consecutive ports that were free on 127.0.0.1 just now (a base port and the ones after it). */
    public static int[] consecutive(int count) {
        int below = Math.min(ephemeralRangeStart(), 32_768);
        for (int attempt = 0; attempt < 1_000 && below - LOWEST >= 1_000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(LOWEST, below - count);
            int[] ports = new int[count];
            boolean free = true;
            for (int i = 0; i < count && free; i++) {
                ports[i] = first + i;
                free = bindable(ports[i]);
            }
            if (free) {
                return ports;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports below " + below + " on 127.0.0.1");
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as the broker's acceptor binds
            s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int anyEphemeral() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** The first port of the OS's ephemeral range (49152, IANA's, where it cannot be read). */
    static int ephemeralRangeStart() {
        // a reader, not Files.readString: a /proc file reports size 0, so readString reads 1 byte first, and a sysctl
        // file answers a read that does not start at 0 with end-of-file: readString returned "3"
        try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(r.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49_152;
        }
    }
}
