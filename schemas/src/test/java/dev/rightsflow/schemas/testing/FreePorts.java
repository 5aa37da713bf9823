package dev.rightsflow.schemas.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test support shared by the services (schemas test-jar): a port that is free now and that nothing
 * else on this machine will be handed by the kernel before the test binds it.
 *
 * <p>A port taken with {@code new ServerSocket(0)} comes from the kernel's ephemeral range
 * (32768-60999 on Linux); when a test chooses several ports first and binds them later (a peer's
 * URL must name the other's port before either starts), the brokers and clients started in between
 * draw their own ephemeral ports from the same range and can take one of them ("Port 46635 is
 * already in use", seen once in CI). Ports below that range are never handed out implicitly, so one
 * chosen there and free now stays free until someone binds it explicitly. Each call picks a fresh
 * random candidate, so concurrent test JVMs rarely try the same one, and checks it on the wildcard address.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    private FreePorts() {
    }

    /** A port between 20000 and 32000 free now, below the kernel's ephemeral range. */
    public static int take() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (free(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + HIGHEST + " after 200 tries");
    }

    private static boolean free(int port) {
        // the wildcard address: a port bound on any address (loopback included) refuses it
        try (ServerSocket ignored = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
