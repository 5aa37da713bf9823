package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.rightsflow.schemas.testing.SlowWork;

/**
 * The router's periodic checks (task risk, retention, webhooks) never run while it catches up: a check on a half-built
 * projection could raise a task-at-risk alert, or erase a request's data, from a case whose later events are not
 * folded yet. They used to run a minute after start whatever the catch-up (only the webhooks' looked). A clean stop
 * lets a check under way finish.
 */
@ExtendWith(OutputCaptureExtension.class)
class PeriodicCheckTest {

    /**
     * A clean stop used to interrupt a check under way and log it as failed (seen at every stop of a busy standalone:
     * "task risk check failed (ReactiveException)"); issue 9 asks that a clean stop log no errors.
     */
    @Test
    void aStopLetsACheckUnderWayFinishAndLogsNoFailure(CapturedOutput output) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        PeriodicCheck check = new PeriodicCheck("slow", Duration.ofMillis(20), () -> false) {
            @Override
            public int checkNow() {
                started.countDown();
                SlowWork.takes(Duration.ofMillis(500), finished);
                return 0;
            }

            @Override
            protected String describe(int done) {
                return "ran";
            }
        };
        check.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the first check began").isTrue();
        check.stop();
        assertThat(finished).as("the check under way finished before the stop returned").isTrue();
        assertThat(check.isRunning()).isFalse();
        assertThat(output).doesNotContain("slow check failed");
    }

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
