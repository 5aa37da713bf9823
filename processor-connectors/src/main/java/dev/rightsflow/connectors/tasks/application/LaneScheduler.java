package dev.rightsflow.connectors.tasks.application;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import dev.rightsflow.connectors.lanes.application.RateLimitedHttpClient;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.schemas.secrets.Secrets;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The runner's lanes: one per connector, or per system configured with its own ({@link RunnerSettings#laneName}),
 * made on first use. A lane is a bounded thread pool (its concurrency, counted by a semaphore so a task is taken only
 * when there is room), a Resilience4j rate limiter that every HTTP request to the vendor waits on
 * ({@link RateLimitedHttpClient}), its settings (retry policy, breaker) and the {@link ConnectorContext} its
 * connectors run with. A slow, failing or rate-limited vendor fills its own lane and no other.
 */
final class LaneScheduler {

    /** One lane as it runs. */
    record Lane(String name, Semaphore permits, RateLimiter limiter, Scheduler scheduler, RunnerSettings.Lane settings,
            ConnectorContext context) {
    }

    private final Secrets secrets;
    private final HttpClient http;
    private final Clock clock;
    private final RunnerSettings settings;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    LaneScheduler(Secrets secrets, HttpClient http, Clock clock, RunnerSettings settings) {
        this.secrets = secrets;
        this.http = http;
        this.clock = clock;
        this.settings = settings;
    }

    Lane lane(String systemId, String connector) {
        return lanes.computeIfAbsent(settings.laneName(systemId, connector), name -> {
            RunnerSettings.Lane lane = settings.lane(name);
            // A call waits for its permit at most half the task's lease, so a waiting task never
            // outlives its claim and runs twice; beyond that the attempt fails and is retried.
            Duration longestWait = settings.lease().dividedBy(2);
            RateLimiter limiter = RateLimiter.of("connector-" + name, RateLimiterConfig.custom()
                    .limitForPeriod(lane.rateLimit().calls()).limitRefreshPeriod(lane.rateLimit().period())
                    .timeoutDuration(longestWait).build());
            Scheduler scheduler = Schedulers.newBoundedElastic(lane.concurrency(), 1_000, "connector-" + name, 60, true);
            return new Lane(name, new Semaphore(lane.concurrency()), limiter, scheduler, lane,
                    context(new RateLimitedHttpClient(http, limiter)));
        });
    }

    /** The names of the lanes made so far. */
    Set<String> names() {
        return lanes.keySet();
    }

    /** The tasks of a lane running now (0 for a lane not made yet). */
    int busy(String name) {
        Lane running = lanes.get(name);
        return running == null ? 0 : settings.lane(name).concurrency() - running.permits().availablePermits();
    }

    /** Ends every lane's threads (at stop, once no run is in flight). */
    void dispose() {
        lanes.values().forEach(l -> l.scheduler().dispose());
        lanes.clear();
    }

    private ConnectorContext context(HttpClient laneHttp) {
        return ConnectorContext.of(secrets::find, laneHttp, clock, (connector, taskId) -> Optional.ofNullable(settings.callbackBaseUrl())
                .map(base -> (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                        + "/api/v1/connectors/callbacks/" + connector + "/" + taskId));
    }
}
