package dev.rightsflow.router.cases.kafka;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.router.cases.application.DeadlineCalendar;
import dev.rightsflow.router.cases.model.CaseDecisions;
import dev.rightsflow.router.cases.model.CaseFold;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.testing.BenchmarkSupport;
import dev.rightsflow.schemas.testing.RouterStatusSequences;

/**
 * What the staff commands a case takes ({@link CaseDecisions#allowed}, stated on every router case event's clock since
 * the eleventh session) cost beside the clock the router computes for the same event ({@link DeadlineCalendar#clock}):
 * both timed per call over the case states of every {@link RouterStatusSequences} step (a state after each event of
 * each lifecycle the services are tested against), after a warm-up, in one thread. A main class, not a test: run on
 * the reactor's classes (router README, "Folding in batches", has the class path), with the rounds as its argument.
 */
public final class AllowedActionsBenchmark {

    private AllowedActionsBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length == 0 ? 20_000 : Integer.parseInt(args[0]);
        CaseEventAvro avro = new CaseEventAvro();
        DeadlineCalendar calendar = new DeadlineCalendar(DeadlineEngine.withBundledHolidays());
        CaseDecisions decisions = new CaseDecisions(Events::derivedId, calendar);
        List<CaseState> states = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>();
        for (RouterStatusSequences.Sequence sequence : RouterStatusSequences.all()) {
            for (int i = 1; i <= sequence.steps().size(); i++) {
                CaseState c = new CaseState(sequence.requestId());
                CaseInput last = null;
                for (RouterStatusSequences.Step step : sequence.steps().subList(0, i)) {
                    last = avro.input(step.event());
                    CaseFold.apply(c, last);
                }
                states.add(c);
                days.add(calendar.ukDay(last.occurredAt()));
            }
        }
        Organisation.Targets targets = new Organisation.Targets(5, 20);
        System.out.printf("%d case states, %d rounds, load average %s%n", states.size(), rounds, BenchmarkSupport.loadAverage());
        long sink = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            long cpu = cpu();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < states.size(); i++) {
                    sink += decisions.allowed(states.get(i), days.get(i)).size();
                }
            }
            double allowed = (cpu() - cpu) / 1e3 / rounds / states.size();
            cpu = cpu();
            for (int r = 0; r < rounds; r++) {
                for (CaseState c : states) {
                    sink += calendar.clock(c, targets) == null ? 0 : 1;
                }
            }
            double clock = (cpu() - cpu) / 1e3 / rounds / states.size();
            System.out.printf("%s: allowed %.2f µs, clock %.2f µs of CPU per call%n", pass == 0 ? "warm-up" : "measured",
                    allowed, clock);
        }
        System.out.printf("(%d) load average at the end %s%n", sink % 10, BenchmarkSupport.loadAverage());
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
