package dev.rightsflow.schemas.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test support shared by the services (schemas test-jar): a piece of work that takes a while and, when its thread is
 * interrupted, fails as a blocking store or Kafka call does, so a test can tell "let it finish" from "cut it off".
 */
public final class SlowWork {

    private SlowWork() {
    }

    /** Sleeps for {@code duration}, then sets {@code finished}; interrupted, throws an unchecked exception instead. */
    public static void takes(Duration duration, AtomicBoolean finished) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        finished.set(true);
    }
}
