package dev.rightsflow.deadline.bench;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.Pause;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.deadline.UkDivision;

/**
 * Throughput of {@link DeadlineEngine#statutory}: a plain deadline over every day of 2024 in
 * turn, and one with identity, a clarification pause and an extension. Run with the command in
 * deadline-engine/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class StatutoryDeadlineBenchmark {

    private DeadlineEngine engine;
    private ClockFacts[] plain;
    private ClockFacts[] complex;
    private int next;

    @Setup
    public void setUp() {
        engine = DeadlineEngine.withBundledHolidays();
        UkDivision[] divisions = UkDivision.values();
        plain = new ClockFacts[366];
        complex = new ClockFacts[366];
        LocalDate day = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 366; i++, day = day.plusDays(1)) {
            UkDivision division = divisions[i % divisions.length];
            plain[i] = ClockFacts.received(division, day);
            complex[i] = ClockFacts.received(division, day).withIdentityVerified(day.plusDays(3))
                    .withPause(new Pause(day.plusDays(5), day.plusDays(12))).withExtended(i % 2 == 0);
        }
    }

    @Benchmark
    public StatutoryDeadline plainRequest() {
        next = (next + 1) % plain.length;
        return engine.statutory(plain[next]);
    }

    @Benchmark
    public StatutoryDeadline identityPauseAndExtension() {
        next = (next + 1) % complex.length;
        return engine.statutory(complex[next]);
    }
}
