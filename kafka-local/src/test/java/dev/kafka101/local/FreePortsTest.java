package dev.kafka101.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctBindablePortsBelowTheEphemeralRangeWhereNoClientConnectionGetsOne() throws IOException {
        int[] ports = FreePorts.pick(8);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(8);
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        for (int p : ports) {
            assertThat(p).isBetween(20_000, Math.min(ephemeralStart, 32_768) - 1);
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(s.getLocalPort()).isEqualTo(p);
            }
        }
    }

    @Test
    void consecutivePortsFollowEachOtherAndAreFree() throws IOException {
        int[] ports = FreePorts.consecutive(3);

        assertThat(ports[1]).isEqualTo(ports[0] + 1);
        assertThat(ports[2]).isEqualTo(ports[0] + 2);
        for (int p : ports) {
            try (ServerSocket s = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(s.isBound()).isTrue();
            }
        }
    }
}
