package dev.rightsflow.auditlog.alerts.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseStore;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/**
 * Alert scans never overlap: under a burst one pass over every open case can outlast the scan interval, and periodic
 * scans started meanwhile each read every case again, together holding several passes' worth (they did: the
 * standalone ran out of heap). A periodic scan is skipped while one runs; an asked-for scan runs after it.
 */
class AlertScannerTest {

    /** A case store whose passes over the open cases finish only when the test says. */
    private static final class HeldPasses implements CaseStore {
        final List<CompletableFuture<Void>> passes = new CopyOnWriteArrayList<>();
        /** The cases each pass was asked to read. */
        final List<List<String>> read = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> eachOf(List<String> requestIds, Consumer<CaseFile> each) {
            CompletableFuture<Void> pass = new CompletableFuture<>();
            passes.add(pass);
            read.add(List.copyOf(requestIds));
            return pass;
        }

        @Override
        public CompletableFuture<Void> visibleTo(String organisationId, boolean openOnly, Consumer<CaseFile> each) {
            throw new AssertionError("the alert scan reads the index's open cases by id, not a pass over the store");
        }

        @Override
        public CompletableFuture<Optional<CaseFile>> find(String requestId) {
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletableFuture<Void> save(CaseFile file) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Long> count() {
            return CompletableFuture.completedFuture(0L);
        }

        @Override
        public CompletableFuture<Void> dropForRebuild() {
            return CompletableFuture.completedFuture(null);
        }
    }

    private final HeldPasses store = new HeldPasses();
    private final AlertScanner scanner = scanner(store);

    private static AlertScanner scanner(CaseStore store) {
        CaseDeadline deadlines = new CaseDeadline(DeadlineEngine.withBundledHolidays());
        RegistryView registry = new RegistryView(null);
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        CaseQueries queries = new CaseQueries(store,
                new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly()), deadlines, registry, clock);
        AuditLogProperties properties = new AuditLogProperties(null, null, null, 3, null, null, null, null, null, null, null);
        return new AlertScanner(queries, deadlines, alert -> CompletableFuture.completedFuture(null), clock, properties);
    }

    @Test
    void aPeriodicScanIsSkippedWhileAScanRunsAndStartsAgainOnceItEnded() {
        CompletableFuture<List<dev.rightsflow.auditlog.alerts.model.AlertDue>> first = scanner.scanUnlessBusy();
        assertThat(store.passes).hasSize(1);

        CompletableFuture<List<dev.rightsflow.auditlog.alerts.model.AlertDue>> skipped = scanner.scanUnlessBusy();
        assertThat(skipped).isCompletedWithValue(List.of());
        assertThat(store.passes).as("no second pass while the first runs").hasSize(1);

        store.passes.get(0).complete(null);
        assertThat(first).isCompletedWithValue(List.of());
        scanner.scanUnlessBusy();
        assertThat(store.passes).as("the next periodic scan, once the first ended").hasSize(2);
    }

    @Test
    void anAskedForScanWaitsForTheRunningOneThenReadsTheCasesAgain() {
        scanner.scanUnlessBusy();
        CompletableFuture<List<dev.rightsflow.auditlog.alerts.model.AlertDue>> asked = scanner.scan();
        assertThat(store.passes).as("the asked-for scan waits").hasSize(1);
        assertThat(asked).isNotDone();
        assertThat(scanner.scanUnlessBusy()).isCompletedWithValue(List.of());

        store.passes.get(0).complete(null);
        assertThat(store.passes).as("then reads every open case itself").hasSize(2);
        store.passes.get(1).complete(null);
        assertThat(asked).isCompletedWithValue(List.of());
        scanner.scanUnlessBusy();
        assertThat(store.passes).hasSize(3);
    }

    /**
     * The first periodic scan of a day and an asked-for scan read every open case; the periodic scans between read
     * only the open cases put into the index since (each minute's pass over every open case was a fifth of the
     * machine at 100,000 open cases); a pass that failed hands its cases to the next scan.
     */
    @Test
    void betweenTwoDaysAPeriodicScanReadsOnlyTheOpenCasesThatChanged() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                Instant.parse("2026-12-01T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        CaseDeadline deadlines = new CaseDeadline(DeadlineEngine.withBundledHolidays());
        RegistryView registry = new RegistryView(null);
        CaseIndex index = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
        CaseQueries queries = new CaseQueries(store, index, deadlines, registry, clock);
        AuditLogProperties properties = new AuditLogProperties(null, null, null, 3, null, null, null, null, null, null, null);
        AlertScanner scanner = new AlertScanner(queries, deadlines, alert -> CompletableFuture.completedFuture(null), clock,
                properties);
        for (String id : List.of("r-1", "r-2", "r-3")) {
            index.put(CaseFile.of(id));
        }
        CaseFile closed = CaseFile.of("r-closed");
        closed.status = dev.rightsflow.auditlog.cases.model.CaseStatus.CLOSED;
        index.put(closed);

        scanner.scanUnlessBusy();
        store.passes.get(0).complete(null);
        assertThat(store.read.get(0)).as("the day's first scan: every open case").containsExactlyInAnyOrder("r-1", "r-2", "r-3");

        index.put(CaseFile.of("r-2"));
        index.put(closed);
        scanner.scanUnlessBusy();
        store.passes.get(1).complete(null);
        assertThat(store.read.get(1)).as("the same day: the open case that changed").containsExactly("r-2");

        scanner.scanUnlessBusy();
        store.passes.get(2).complete(null);
        assertThat(store.read.get(2)).as("nothing changed").isEmpty();

        index.put(CaseFile.of("r-3"));
        scanner.scanUnlessBusy();
        store.passes.get(3).completeExceptionally(new IllegalStateException("the store went away"));
        scanner.scanUnlessBusy();
        store.passes.get(4).complete(null);
        assertThat(store.read.get(4)).as("a failed pass's cases, again").containsExactly("r-3");

        scanner.scan();
        store.passes.get(5).complete(null);
        assertThat(store.read.get(5)).as("asked for: every open case").containsExactlyInAnyOrder("r-1", "r-2", "r-3");

        now.set(Instant.parse("2026-12-02T00:30:00Z"));
        scanner.scanUnlessBusy();
        store.passes.get(6).complete(null);
        assertThat(store.read.get(6)).as("the next day's first scan: every open case").containsExactlyInAnyOrder("r-1", "r-2", "r-3");
    }
}
