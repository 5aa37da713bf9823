package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The router's periodic checks (task risk, retention, webhooks) never run while it catches up: a check on a half-built
 * projection could raise a task-at-risk alert, or erase a request's data, from a case whose later events are not
 * folded yet. They used to run a minute after start whatever the catch-up (only the webhooks' looked).
 */
class PeriodicCheckTest {

    @Test
    void noCheckRunsWhileTheRouterCatchesUpAndTheyRunOnceItIsLive() throws Exception {
        AtomicBoolean catchingUp = new AtomicBoolean(true);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger askedWhileCatchingUp = new AtomicInteger();
        PeriodicCheck check = new PeriodicCheck("test", Duration.ofMillis(20), () -> {
            if (catchingUp.get()) {
                askedWhileCatchingUp.incrementAndGet();
            }
            return catchingUp.get();
        }) {
            @Override
            public int checkNow() {
                assertThat(catchingUp).as("a check while catching up").isFalse();
                return runs.incrementAndGet();
            }

            @Override
            protected String describe(int done) {
                return "ran";
            }
        };
        check.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> askedWhileCatchingUp.get() >= 5);
            assertThat(runs).as("no check while catching up, over several intervals").hasValue(0);
            catchingUp.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 2);
        } finally {
            check.stop();
        }
    }
}
