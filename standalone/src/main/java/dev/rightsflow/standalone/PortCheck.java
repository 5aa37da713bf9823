package dev.rightsflow.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import dev.rightsflow.schemas.operations.PortTakenException;

/**
 * Checks, before anything starts, that a port the standalone will listen on is free, so a taken
 * port ends the start with one line naming the port and the variable that moves it, instead of a
 * broker or web-server stack trace after half the system has started.
 */
final class PortCheck {

    private PortCheck() {
    }

    /**
     * @param host     the address to bind (null or blank: every address)
     * @param port     0 or less: chosen by the system, nothing to check
     * @param what     what will listen there
     * @param variable the environment variable that chooses another port
     */
    static void requireFree(String host, int port, String what, String variable) {
        if (port <= 0) {
            return;
        }
        try {
            bind(host, port);
        } catch (IOException e) {
            throw new PortTakenException(what, port, variable, e);
        }
    }

    /** Whether nothing listens on the port yet (a port that is not required, e.g. a demo stand-in's). */
    static boolean isFree(String host, int port) {
        try {
            bind(host, port);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void bind(String host, int port) throws IOException {
        InetSocketAddress address = host == null || host.isBlank() ? new InetSocketAddress(port)
                : new InetSocketAddress(host, port);
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
        }
    }
}
