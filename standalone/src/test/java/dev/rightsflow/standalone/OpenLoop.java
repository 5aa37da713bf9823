package dev.rightsflow.standalone;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * An open-loop sender for the benchmark main classes ({@link PipelineBenchmark}, {@link IntakeBenchmark}): requests
 * at fixed intervals, whatever the answers do, so a slow answer delays no later request and the latency is counted
 * from when a request was due (no coordinated omission). At most {@link #MAX_IN_FLIGHT} requests wait for an answer;
 * beyond that the sender waits, and the achieved rate falls below the offered one.
 */
final class OpenLoop {

    /** Requests awaiting their answer at most. */
    static final int MAX_IN_FLIGHT = 2048;

    /** What becomes of request {@code k}, due at {@code dueNanos}: its answer or the error that came instead. */
    interface Answer {
        void answered(int k, long dueNanos, HttpResponse<String> response, Throwable error);
    }

    /**
     * When the sending started and ended, when the last answer came (or the wait for it ended), and how many requests
     * had no answer by then.
     */
    record Sent(long startNanos, long endNanos, long answeredNanos, int unanswered) {
    }

    private OpenLoop() {
    }

    /**
     * Sends {@code n} requests at {@code rate} a second from {@code startNanos}, request {@code k} due at
     * {@code startNanos + k / rate}, then waits up to 90 s for the answers still outstanding; {@code answer} is called
     * on the client's threads as each comes, before its slot is given back.
     */
    static Sent send(HttpClient http, int rate, int n, long startNanos, IntFunction<HttpRequest> request, Answer answer)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        for (int i = 0; i < n; i++) {
            int k = i;
            long due = startNanos + (long) (k * 1e9 / rate);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            http.sendAsync(request.apply(k), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                try {
                    answer.answered(k, due, response, error);
                } finally {
                    inFlight.release();
                }
            });
        }
        long end = System.nanoTime();
        int unanswered = inFlight.tryAcquire(MAX_IN_FLIGHT, 90, TimeUnit.SECONDS) ? 0 : MAX_IN_FLIGHT - inFlight.availablePermits();
        return new Sent(startNanos, end, System.nanoTime(), unanswered);
    }
}
