package dev.rightsflow.schemas.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void aChosenPortLiesBelowTheKernelsEphemeralRangeAndCanBeBound() throws Exception {
        int lowestEphemeral = 32_768;
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.isReadable(range)) {
            // read line by line: Files.readString trusts the size procfs reports and returns "3"
            lowestEphemeral = Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]);
        }
        for (int i = 0; i < 20; i++) {
            int port = FreePorts.take();
            assertThat(port).isBetween(20_000, lowestEphemeral - 1);
            try (ServerSocket bound = new ServerSocket(port)) {
                assertThat(bound.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
