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

        @Override
        public CompletableFuture<Void> eachOf(List<String> requestIds, Consumer<CaseFile> each) {
            CompletableFuture<Void> pass = new CompletableFuture<>();
            passes.add(pass);
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
}
