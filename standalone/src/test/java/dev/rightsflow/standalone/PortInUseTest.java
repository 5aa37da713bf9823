package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A port the standalone needs is taken by another process: the JVM ends by itself with a non-zero
 * exit code, and its output has one line that names the port and the variable that moves it, and
 * no stack trace. Each case is a JVM of its own, started as a user starts it.
 */
class PortInUseTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PORT", "RIGHTSFLOW_KAFKA_PORT", "RIGHTSFLOW_MONGO_PORT"})
    void aTakenPortEndsTheProcessWithOneLineNamingThePortAndItsVariable(String variable) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            try (ChildStandalone child = new ChildStandalone(dataDir, Map.of(variable, String.valueOf(port)))) {
                child.start();
                int exit = child.awaitExit(Duration.ofSeconds(150));

                assertThat(exit).as("exit code").isNotZero();
                List<String> lines = child.log().lines().filter(l -> !l.isBlank()).toList();
                assertThat(lines).filteredOn(l -> l.contains("port " + port)).singleElement().asString()
                        .contains("is already in use", "set " + variable + " to a free port");
                assertThat(lines).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
                assertThat(lines).as("nothing but that line is an error").filteredOn(l -> l.contains("ERROR")).hasSize(1);
            }
        }
    }
}
