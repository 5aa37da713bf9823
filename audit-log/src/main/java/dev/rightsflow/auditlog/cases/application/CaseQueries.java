package dev.rightsflow.auditlog.cases.application;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * Reading cases with their deadline as it stands today (today from the injectable clock). Plain Java: reads complete a
 * {@link CompletableFuture} ({@link CaseStore}); the web adapters adapt them to Reactor.
 */
public class CaseQueries {

    /** Filters of the case list; null means any. {@code open} false shows closed and refused cases too. */
    public record Filter(String organisation, String right, String status, String processor, boolean open) {
        public static Filter openCases() {
            return new Filter(null, null, null, null, true);
        }
    }

    /**
     * One page of the case list.
     *
     * @param page  1-based
     * @param total every case that matches the filters, on all pages
     */
    public record Page(List<CaseView> cases, long total, int page, int size) {

        public long lastPage() {
            return Math.max(1, (total + size - 1) / size);
        }

        public boolean hasNext() {
            return page < lastPage();
        }
    }

    /** How many cases a page holds unless asked otherwise, and at most. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;
    private final CaseStore store;
    private final CaseIndex index;
    private final CaseDeadline deadlines;
    private final RegistryView registry;
    private final Clock clock;

    public CaseQueries(CaseStore store, CaseIndex index, CaseDeadline auditLogCaseDeadline, RegistryView registry,
            Clock clock) {
        this.store = store;
        this.index = index;
        this.deadlines = auditLogCaseDeadline;
        this.registry = registry;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(UK));
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

    /** Empty when the case does not exist or the viewer may not see it. */
    public CompletableFuture<Optional<CaseView>> one(String requestId, Viewer viewer) {
        return store.find(requestId).thenApply(file -> file.filter(viewer::canSee).map(this::view));
    }

    /**
     * One page of the cases the viewer may see, in the order of {@link #list}, from the {@link CaseIndex}:
     * only the page's cases are read from the store (in one read where the store can).
     *
     * @param page 1-based; {@code size} 1..{@link #MAX_PAGE_SIZE}
     */
    public CompletableFuture<Page> page(Viewer viewer, Filter filter, int page, int size) {
        LocalDate today = today();
        CaseIndex.Slice slice;
        try {
            slice = index.page(viewer, filter, today, (long) (page - 1) * size, size);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return store.findAll(slice.requestIds()).thenApply(files -> new Page(slice.requestIds().stream()
                .map(files::get).filter(Objects::nonNull).filter(viewer::canSee).map(this::view).toList(),
                slice.total(), page, size));
    }

    /** The dashboard's figures over the cases the viewer may see, from the index's counters. */
    public CaseIndex.Figures figures(Viewer viewer) {
        return index.figures(viewer, today());
    }

    /**
     * Every case the viewer may see that matches, most urgent first, read by one pass over the store
     * (for pages that need every case, such as the failed tasks; the case list reads {@link #page}).
     */
    public CompletableFuture<List<CaseView>> list(Viewer viewer, Filter filter) {
        List<CaseView> views = new ArrayList<>();
        return store.visibleTo(viewer.admin() ? null : viewer.organisationId(), filter.open(), f -> {
            if (viewer.canSee(f) && (blank(filter.organisation()) || f.organisations().contains(filter.organisation()))
                    && (blank(filter.right()) || filter.right().equalsIgnoreCase(f.right))
                    && (blank(filter.status()) || filter.status().equalsIgnoreCase(f.status.name()))
                    && (blank(filter.processor()) || f.processorIds.contains(filter.processor()))) {
                views.add(view(f));
            }
        }).thenApply(done -> {
            views.sort(Comparator.comparingInt(CaseView::urgency)
                    .thenComparing(v -> v.deadline().daysLeft(), Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(v -> v.file().requestId));
            return views;
        });
    }

    /**
     * Hands {@code each} every open case in turn, for the alert scan (no visibility filter: alerts go to each case's
     * controller); completes when every case was handed. The open cases are the index's, read from the store a batch
     * at a time by id (a case closed since is skipped): no query over every stored case, which on the in-process
     * server decodes every case, closed or open, and holds every other service's commands behind it whenever a
     * checkpoint falls due meanwhile.
     */
    public CompletableFuture<Void> eachOpenCase(Consumer<CaseView> each) {
        return eachOpenCaseOf(index.openRequestIds(), each);
    }

    /** As {@link #eachOpenCase}, for the given cases only (those still open when read). */
    public CompletableFuture<Void> eachOpenCaseOf(List<String> requestIds, Consumer<CaseView> each) {
        return store.eachOf(requestIds, file -> {
            if (file.status == null || file.status.open()) {
                each.accept(view(file));
            }
        });
    }

    /** Every open case's request id, as the index holds them now. */
    public List<String> openRequestIds() {
        return index.openRequestIds();
    }

    /** The open cases changed since the alert scan last asked ({@link CaseIndex#takeChangedOpen}). */
    public List<String> takeChangedOpen() {
        return index.takeChangedOpen();
    }

    /** Hands cases back to the next scan ({@link CaseIndex#changedAgain}). */
    public void changedAgain(java.util.Collection<String> requestIds) {
        index.changedAgain(requestIds);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
