package dev.rightsflow.auditlog.cases.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The open cases as gauges, recounted from the case projection every 30 s
 * ({@code rightsflow.audit-log.open-case-metrics-every}; tests shorten it):
 * {@code rightsflow.cases.open} by {@code band} of calendar days left to the statutory due date, and
 * {@code rightsflow.cases.overdue}. The deadline is the one the dashboard shows (the router's, with
 * pauses and extensions), so the figures match the dashboard's.
 */
@Component("auditLogOpenCaseMetrics")
public class OpenCaseMetrics implements MeterBinder, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OpenCaseMetrics.class);

    /** Days-left bands, as the {@code band} tag spells them. */
    enum Band {
        OVERDUE("overdue"), DAYS_0_7("0-7"), DAYS_8_14("8-14"), DAYS_15_30("15-30"), DAYS_31_PLUS("31+"),
        NO_CLOCK("no-clock");

        final String tag;

        Band(String tag) {
            this.tag = tag;
        }

        static Band of(CaseView view) {
            if (view.deadline().overdue()) {
                return OVERDUE;
            }
            Long days = view.deadline().daysLeft();
            if (days == null) {
                return NO_CLOCK;
            }
            return days <= 7 ? DAYS_0_7 : days <= 14 ? DAYS_8_14 : days <= 30 ? DAYS_15_30 : DAYS_31_PLUS;
        }
    }

    private final CaseQueries cases;
    private final Duration every;
    private final Map<Band, AtomicLong> open = new EnumMap<>(Band.class);
    private final AtomicLong overdue = new AtomicLong();
    private volatile Disposable refresh;

    public OpenCaseMetrics(CaseQueries cases,
            @Value("${rightsflow.audit-log.open-case-metrics-every:PT30S}") Duration every) {
        this.cases = cases;
        this.every = every;
        for (Band band : Band.values()) {
            open.put(band, new AtomicLong());
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        open.forEach((band, count) -> Gauge.builder("rightsflow.cases.open", count, AtomicLong::get)
                .description("Open cases by calendar days left to the statutory due date")
                .tag("band", band.tag).register(registry));
        Gauge.builder("rightsflow.cases.overdue", overdue, AtomicLong::get)
                .description("Open cases past their statutory due date").register(registry);
        synchronized (this) {
            if (refresh == null) {
                refresh = Flux.interval(first(every), every)
                        .concatMap(tick -> cases.openCases().collectList()
                                .doOnNext(this::count)
                                .onErrorResume(e -> {
                                    log.warn("open-case metrics not refreshed: {}", e.toString());
                                    return reactor.core.publisher.Mono.empty();
                                }))
                        .subscribe();
            }
        }
    }

    /** The first count 5 s after the start, or sooner when the recount is more often. */
    private static Duration first(Duration every) {
        Duration fiveSeconds = Duration.ofSeconds(5);
        return every.compareTo(fiveSeconds) < 0 ? every : fiveSeconds;
    }

    void count(List<CaseView> views) {
        Map<Band, Long> counted = new EnumMap<>(Band.class);
        for (CaseView view : views) {
            counted.merge(Band.of(view), 1L, Long::sum);
        }
        open.forEach((band, count) -> count.set(counted.getOrDefault(band, 0L)));
        overdue.set(counted.getOrDefault(Band.OVERDUE, 0L));
    }

    @Override
    public void destroy() {
        Disposable current = refresh;
        if (current != null) {
            current.dispose();
        }
    }
}
