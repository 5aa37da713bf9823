package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

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

import reactor.core.publisher.Mono;

@ExtendWith(OutputCaptureExtension.class)
class PeriodicJobsTest {

    @Test
    void aLongAnchorRunDoesNotHoldTheAlertScanBack() throws Exception {
        PeriodicJobs jobs = new PeriodicJobs();
        CountDownLatch anchorStarted = new CountDownLatch(1);
        CountDownLatch releaseAnchor = new CountDownLatch(1);
        AtomicInteger anchorRuns = new AtomicInteger();
        CountDownLatch threeScans = new CountDownLatch(3);
        try {
            jobs.add("anchor", Duration.ofSeconds(1), () -> Mono.fromRunnable(() -> {
                anchorRuns.incrementAndGet();
                anchorStarted.countDown();
                try {
                    releaseAnchor.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            jobs.add("alert-scan", Duration.ofSeconds(1), () -> Mono.fromRunnable(threeScans::countDown));

            assertThat(anchorStarted.await(10, TimeUnit.SECONDS)).isTrue();
            // the anchor is held for as long as it takes the scan to run three times
            assertThat(threeScans.await(20, TimeUnit.SECONDS)).as("alert scans while an anchor run is held").isTrue();
            assertThat(anchorRuns).as("one job never runs twice at once").hasValue(1);
        } finally {
            releaseAnchor.countDown();
            jobs.stop();
        }
    }

    @Test
    void aFailedRunIsTriedAgainAtTheNextInterval() throws Exception {
        PeriodicJobs jobs = new PeriodicJobs();
        CountDownLatch twoRuns = new CountDownLatch(2);
        try {
            jobs.add("alert-scan", Duration.ofSeconds(1), () -> Mono.fromRunnable(() -> {
                twoRuns.countDown();
                throw new IllegalStateException("store unavailable");
            }));
            assertThat(twoRuns.await(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            jobs.stop();
        }
    }

    @Test
    void noRunStartsAfterStop() throws Exception {
        PeriodicJobs jobs = new PeriodicJobs();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch first = new CountDownLatch(1);
        jobs.add("anchor", Duration.ofSeconds(1), () -> Mono.fromRunnable(() -> {
            runs.incrementAndGet();
            first.countDown();
        }));
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        jobs.stop();
        int atStop = runs.get();
        // two and a half intervals with no run
        org.awaitility.Awaitility.await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .until(() -> runs.get() == atStop);
    }

    /** A clean stop used to interrupt the anchor or scan under way and log it as failed; issue 9: a clean stop logs no errors. */
    @Test
    void aStopLetsARunUnderWayFinishAndLogsNoFailure(CapturedOutput output) throws Exception {
        PeriodicJobs jobs = new PeriodicJobs();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        jobs.add("anchor", Duration.ofSeconds(1), () -> Mono.fromRunnable(() -> {
            started.countDown();
            SlowWork.takes(Duration.ofMillis(500), finished);
        }));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        jobs.stop();
        assertThat(finished).as("the run under way finished before the stop returned").isTrue();
        assertThat(output).doesNotContain("audit-log anchor failed");
    }
}
