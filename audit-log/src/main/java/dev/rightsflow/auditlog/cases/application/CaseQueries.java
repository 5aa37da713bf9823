package dev.rightsflow.auditlog.cases.application;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;

/** Reading cases with their deadline as it stands today (today from the injectable clock). */
@Service("auditLogCaseQueries")
public class CaseQueries {

    /** Filters of the case list; null means any. {@code open} false shows closed and refused cases too. */
    public record Filter(String organisation, String right, String status, String processor, boolean open) {
        public static Filter openCases() {
            return new Filter(null, null, null, null, true);
        }
    }

    private final CaseStore store;
    private final CaseDeadline deadlines;
    private final RegistryView registry;
    private final Clock clock;

    public CaseQueries(CaseStore store, CaseDeadline auditLogCaseDeadline, RegistryView registry,
            @Qualifier("auditLogClock") Clock clock) {
        this.store = store;
        this.deadlines = auditLogCaseDeadline;
        this.registry = registry;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(CaseFile.UK));
    }

    public CaseView view(CaseFile file) {
        LocalDate today = today();
        Organisation controller = registry.find(file.controllerId).orElse(null);
        return new CaseView(file,
                deadlines.position(file, controller == null ? null : controller.division(),
                        controller == null ? List.of() : controller.targets(), today),
                file.tasksAtRisk(today), registry.name(file.controllerId),
                file.processorIds.stream().map(registry::name).toList());
    }

    public Mono<CaseView> one(String requestId, Viewer viewer) {
        return store.find(requestId).filter(viewer::canSee).map(this::view);
    }

    public Flux<CaseView> list(Viewer viewer, Filter filter) {
        return store.visibleTo(viewer.admin() ? null : viewer.organisationId(), filter.open()).filter(viewer::canSee)
                .filter(f -> blank(filter.organisation()) || f.organisations().contains(filter.organisation()))
                .filter(f -> blank(filter.right()) || filter.right().equalsIgnoreCase(f.right))
                .filter(f -> blank(filter.status()) || filter.status().equalsIgnoreCase(f.status.name()))
                .filter(f -> blank(filter.processor()) || f.processorIds.contains(filter.processor()))
                .map(this::view)
                .sort(Comparator.comparingInt(CaseView::urgency)
                        .thenComparing(v -> v.deadline().daysLeft(), Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(v -> v.file().requestId));
    }

    /** Every open case, for the alert scan (no visibility filter: alerts go to each case's controller). */
    public Flux<CaseView> openCases() {
        return store.visibleTo(null, true).map(this::view);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
