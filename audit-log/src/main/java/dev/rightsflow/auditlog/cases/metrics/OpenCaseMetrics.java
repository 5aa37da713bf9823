package dev.rightsflow.auditlog.cases.metrics;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.ToDoubleFunction;

import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The open cases as gauges, read from the case index's counters whenever they are scraped (no pass
 * over the cases): {@code rightsflow.cases.open} by {@code band} of calendar days left to the
 * statutory due date, and {@code rightsflow.cases.overdue}. The deadline is the one the dashboard
 * shows (the router's, with pauses and extensions), so the figures match the dashboard's.
 */
public class OpenCaseMetrics implements MeterBinder {

    /** Days-left bands, as the {@code band} tag spells them, with how each is counted. */
    enum Band {
        OVERDUE("overdue"), DAYS_0_7("0-7"), DAYS_8_14("8-14"), DAYS_15_30("15-30"), DAYS_31_PLUS("31+"),
        NO_CLOCK("no-clock");

        final String tag;

        Band(String tag) {
            this.tag = tag;
        }

        long count(CaseIndex index, LocalDate today) {
            return switch (this) {
                case OVERDUE -> index.overdue(today);
                case DAYS_0_7 -> index.openWithDaysLeft(today, null, 7L);
                case DAYS_8_14 -> index.openWithDaysLeft(today, 8L, 14L);
                case DAYS_15_30 -> index.openWithDaysLeft(today, 15L, 30L);
                case DAYS_31_PLUS -> index.openWithDaysLeft(today, 31L, null);
                case NO_CLOCK -> index.openWithoutClock();
            };
        }
    }

    private final CaseIndex index;
    private final Clock clock;

    public OpenCaseMetrics(CaseIndex index, Clock clock) {
        this.index = index;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Band band : Band.values()) {
            Gauge.builder("rightsflow.cases.open", index, counted(band::count))
                    .description("Open cases by calendar days left to the statutory due date")
                    .tag("band", band.tag).register(registry);
        }
        Gauge.builder("rightsflow.cases.overdue", index, counted(Band.OVERDUE::count))
                .description("Open cases past their statutory due date").register(registry);
    }

    private ToDoubleFunction<CaseIndex> counted(java.util.function.BiFunction<CaseIndex, LocalDate, Long> count) {
        return i -> count.apply(i, LocalDate.now(clock.withZone(UK)));
    }
}
