package dev.rightsflow.auditlog.cases.application;

import static dev.rightsflow.deadline.UkTime.UK;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.kafka.RouterClockStandIn;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.RouterDeadline;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.application.DashboardStats;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/**
 * The case index answers exactly what a pass over every case answers: the same cases in the same
 * order, page after page, with the same total, and the same dashboard figures, for random cases
 * folded from random event sequences, every kind of viewer, filters and several days; and an index
 * loaded from the store answers exactly as the one folded live. No Spring: the projection, queries
 * and figures are the real classes over a store kept in a map ({@link #newStore}; {@code MongoCaseIndexTest}
 * runs the same over the MongoDB case store on the in-process server).
 */
class CaseIndexTest {

    static final List<String> ORGS = List.of("ecs", "mes", "empower", "rip");
    private static final List<String> RIGHTS = List.of("ACCESS", "ERASURE", "RECTIFICATION", "UNKNOWN");
    private static final List<String> DIVISIONS = List.of("ENGLAND_AND_WALES", "SCOTLAND", "NORTHERN_IRELAND", "UNKNOWN");
    private static final List<LocalDate> DAYS = List.of(LocalDate.parse("2026-09-15"), LocalDate.parse("2026-10-20"),
            LocalDate.parse("2026-12-23"));

    /** The controllers' registry divisions: a case naming no known division counts its controller's. */
    private static final Map<String, String> REGISTERED = Map.of("ecs", "SCOTLAND", "mes", "NORTHERN_IRELAND",
            "empower", "ENGLAND_AND_WALES");

    private final CaseStore store = newStore();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-09-15T09:00:00Z"));
    private final CaseDeadline deadlines = new CaseDeadline(DeadlineEngine.withBundledHolidays());
    private final TestRegistry registry = new TestRegistry();
    private final CaseIndex index = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
    private final CaseProjection projection = new CaseProjection(store, index);
    private final CaseQueries queries = new CaseQueries(store, index, deadlines, registry, new MovableClock(now));
    private final DashboardStats stats = new DashboardStats(queries);

    @Test
    void everyPageTogetherIsTheFullScanInItsOrderForRandomCasesViewersFiltersAndDays() {
        Random random = new Random(15);
        fold(random, 150);
        List<Viewer> viewers = viewers();
        for (LocalDate day : DAYS) {
            now.set(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
            for (int i = 0; i < 8; i++) {
                Viewer viewer = viewers.get(random.nextInt(viewers.size()));
                CaseQueries.Filter filter = randomFilter(random);
                List<String> scanned = ids(queries.list(viewer, filter).join());
                int size = 1 + random.nextInt(60);
                List<String> paged = new ArrayList<>();
                for (int page = 1;; page++) {
                    CaseQueries.Page p = queries.page(viewer, filter, page, size).join();
                    assertThat(p.total()).as("total for %s %s on %s", viewer, filter, day).isEqualTo(scanned.size());
                    assertThat(p.cases()).hasSizeLessThanOrEqualTo(size);
                    paged.addAll(ids(p.cases()));
                    if (!p.hasNext()) {
                        assertThat(queries.page(viewer, filter, page + 1, size).join().cases()).isEmpty();
                        break;
                    }
                    assertThat(p.cases()).hasSize(size);
                }
                assertThat(paged).as("pages for %s %s on %s", viewer, filter, day).isEqualTo(scanned);
            }
        }
    }

    CaseStore store() {
        return store;
    }

    /** The store the cases are kept in. */
    CaseStore newStore() {
        return new MapCaseStore();
    }

    @Test
    void anIndexLoadedFromTheStoreListsCountsAndPagesAsTheOneFoldedLive() {
        Random random = new Random(9);
        fold(random, 120);
        CaseIndex loaded = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
        loaded.load().join();
        assertThat(loaded.size()).isEqualTo(index.size()).isEqualTo(120);
        assertSameAnswers(random, loaded);
        // a registry division changes: both indexes re-key the cases that count it, the loaded one from the store
        registry.change("ecs", "ENGLAND_AND_WALES");
        registry.change("mes", "SCOTLAND");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> assertSameAnswers(new Random(10), loaded));
    }

    /**
     * A case naming no division of its own, whose router-stated date is provisional (worked out here with the
     * bank holidays): due on St Andrew's Day, a Scottish bank holiday, as its Scottish controller counts it (the next
     * day), or on the day itself once the controller is registered in England; loaded or folded alike.
     */
    @Test
    void aCaseDueByItsControllersDivisionIsDueAlikeLoadedAndFoldedAndWhenTheDivisionChanges() {
        Instant received = Instant.parse("2026-10-30T10:00:00Z");
        apply("scottish", f -> f.onReceived("ACCESS", "API", "ecs", null, received, "NONE", null, null, null));
        apply("scottish", f -> f.onControllerResolved("ecs", null, "ecs", false, "rule", "UNKNOWN"));
        apply("scottish", f -> f.onCaseOpened("ecs", "UNKNOWN", received, received, null, false));
        assertThat(store.find("scottish").join().orElseThrow().routerClock.provisionalReason()).isNotNull();
        CaseIndex loaded = new CaseIndex(deadlines, registry, store, RefreshableBankHolidays.snapshotOnly());
        loaded.load().join();
        LocalDate stAndrewsDay = LocalDate.parse("2026-11-30");
        LocalDate dayAfter = stAndrewsDay.plusDays(1);
        for (CaseIndex each : List.of(index, loaded)) {
            assertThat(each.overdue(dayAfter)).as("due the day after St Andrew's Day in Scotland").isZero();
            assertThat(each.openWithDaysLeft(stAndrewsDay, 1L, 1L)).isEqualTo(1);
        }
        registry.change("ecs", "ENGLAND_AND_WALES");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            for (CaseIndex each : List.of(index, loaded)) {
                assertThat(each.overdue(dayAfter)).as("due on St Andrew's Day in England").isEqualTo(1);
                assertThat(each.openWithDaysLeft(stAndrewsDay, 0L, 0L)).isEqualTo(1);
            }
        });
    }

    /** The same pages (every case, in order, and random page sizes), totals and figures from both indexes. */
    void assertSameAnswers(Random random, CaseIndex loaded) {
        for (LocalDate day : DAYS) {
            for (Viewer viewer : viewers()) {
                for (int i = 0; i < 6; i++) {
                    CaseQueries.Filter filter = i == 0 ? new CaseQueries.Filter(null, null, null, null, false)
                            : randomFilter(random);
                    String what = viewer + " " + filter + " on " + day;
                    assertThat(loaded.page(viewer, filter, day, 0, Integer.MAX_VALUE)).as("every case for %s", what)
                            .isEqualTo(index.page(viewer, filter, day, 0, Integer.MAX_VALUE));
                    int offset = random.nextInt(40);
                    int limit = 1 + random.nextInt(30);
                    assertThat(loaded.page(viewer, filter, day, offset, limit)).as("a page for %s", what)
                            .isEqualTo(index.page(viewer, filter, day, offset, limit));
                }
                assertThat(loaded.figures(viewer, day)).as("figures for %s on %s", viewer, day)
                        .isEqualTo(index.figures(viewer, day));
            }
            assertThat(loaded.overdue(day)).isEqualTo(index.overdue(day));
            assertThat(loaded.openWithoutClock()).isEqualTo(index.openWithoutClock());
            for (long from = 0; from < 40; from += 7) {
                assertThat(loaded.openWithDaysLeft(day, from, from + 6)).isEqualTo(index.openWithDaysLeft(day, from, from + 6));
            }
        }
    }

    @Test
    void maintainedFiguresEqualARecountAfterRandomEventsAndAfterReloading() {
        Random random = new Random(42);
        for (int round = 0; round < 2; round++) {
            fold(random, 70); // new cases and further events for earlier ones (status changes, closing, tasks)
            assertFiguresEqualRecount();
        }
        index.clear();
        assertThat(queries.page(new Viewer("a", null, true), CaseQueries.Filter.openCases(), 1, 10).join().total())
                .isZero();
        index.load().join();
        assertFiguresEqualRecount();
    }

    private void assertFiguresEqualRecount() {
        long overdue = 0;
        long atRisk = 0;
        for (LocalDate day : DAYS) {
            now.set(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
            for (Viewer viewer : viewers()) {
                List<CaseView> every = queries.list(viewer, new CaseQueries.Filter(null, null, null, null, false))
                        .join();
                DashboardStats.Stats figures = stats.of(viewer);
                assertThat(figures).as("figures for %s on %s", viewer, day).isEqualTo(stats.recount(every));
                overdue += figures.overdue();
                atRisk += figures.atRisk();
            }
            Map<String, Long> bands = new java.util.TreeMap<>();
            List<String> handed = new java.util.ArrayList<>();
            queries.eachOpenCase(v -> {
                bands.merge(band(v), 1L, Long::sum);
                handed.add(v.file().requestId);
            }).join();
            List<String> storedOpen = new java.util.ArrayList<>();
            store.visibleTo(null, true, f -> storedOpen.add(f.requestId)).join();
            assertThat(handed).as("the alert scan's cases (the index's open ids) are the store's open cases")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(storedOpen);
            Map<String, Long> maintained = new java.util.TreeMap<>();
            maintained.put("overdue", index.overdue(day));
            maintained.put("0-7", index.openWithDaysLeft(day, null, 7L));
            maintained.put("8-14", index.openWithDaysLeft(day, 8L, 14L));
            maintained.put("15-30", index.openWithDaysLeft(day, 15L, 30L));
            maintained.put("31+", index.openWithDaysLeft(day, 31L, null));
            maintained.put("no-clock", index.openWithoutClock());
            maintained.values().removeIf(n -> n == 0);
            assertThat(maintained).as("metric bands on %s", day).isEqualTo(bands);
        }
        assertThat(overdue).as("the random cases include overdue ones").isPositive();
        assertThat(atRisk).as("the random cases include cases at risk").isPositive();
        assertThat(stats.of(new Viewer("admin", null, true)).answered()).isPositive();
    }

    /** The metric's bands as they were counted by a pass over the open cases. */
    private static String band(CaseView v) {
        if (v.deadline().overdue()) {
            return "overdue";
        }
        Long days = v.deadline().daysLeft();
        return days == null ? "no-clock" : days <= 7 ? "0-7" : days <= 14 ? "8-14" : days <= 30 ? "15-30" : "31+";
    }

    private static List<Viewer> viewers() {
        List<Viewer> viewers = new ArrayList<>();
        viewers.add(new Viewer("admin", null, true));
        viewers.add(new Viewer("nobody", null, false));
        viewers.add(new Viewer("stranger", "northshire", false));
        ORGS.forEach(o -> viewers.add(new Viewer("staff-" + o, o, false)));
        return viewers;
    }

    private static CaseQueries.Filter randomFilter(Random random) {
        return new CaseQueries.Filter(random.nextInt(3) == 0 ? pick(random, ORGS) : null,
                random.nextInt(3) == 0 ? pick(random, RIGHTS).toLowerCase() : null,
                random.nextInt(4) == 0 ? pick(random, List.of("IN_PROGRESS", "PAUSED", "closed", "AWAITING_DECISION")) : null,
                random.nextInt(4) == 0 ? pick(random, ORGS) : null, random.nextInt(4) != 0);
    }

    private static List<String> ids(List<CaseView> views) {
        return views.stream().map(v -> v.file().requestId).toList();
    }

    /** New cases, each with a random history, and a few more events for cases folded before. */
    void fold(Random random, int cases) {
        int existing = (int) (long) store.count().join();
        for (int c = 0; c < cases; c++) {
            String id = "r-" + (existing + c);
            Instant received = Instant.parse("2026-08-01T09:00:00Z").plusSeconds(86_400L * random.nextInt(150));
            String controller = pick(random, ORGS);
            String receiver = random.nextInt(4) == 0 ? pick(random, ORGS) : controller;
            String verification = pick(random, List.of("NONE", "NONE", "EMAIL_CODE", "DOCUMENTARY"));
            boolean receiptUnknown = random.nextInt(25) == 0;
            apply(id, f -> f.onReceived(pick(random, RIGHTS), "API", receiver, null, receiptUnknown ? null : received,
                    verification, received.atZone(UK).toLocalDate().plusDays(30),
                    random.nextInt(6) == 0 ? pick(random, ORGS) : null, null));
            if (receiptUnknown) {
                continue;
            }
            if (!"NONE".equals(verification) && random.nextBoolean()) {
                Instant verified = received.plusSeconds(86_400L * random.nextInt(10));
                apply(id, f -> f.onIdentityVerified(verified));
            }
            if (random.nextInt(10) == 0) {
                apply(id, f -> f.onTriageRequired("no controller", List.of(controller)));
                continue;
            }
            String division = pick(random, DIVISIONS);
            apply(id, f -> f.onControllerResolved(controller, null, receiver, !receiver.equals(controller), "rule",
                    division));
            if (random.nextInt(12) == 0) {
                apply(id, f -> f.onForwarded(receiver, controller, pick(random, List.of("MANUAL", "OPENDSR", "PLATFORM"))));
            }
            apply(id, f -> f.onCaseOpened(controller, division, received, received, null, random.nextBoolean()));
            happened.put(id, received.plusSeconds(86_400L * 12));
            for (int e = random.nextInt(6); e > 0; e--) {
                laterEvent(random, id);
            }
        }
        for (int again = 0; again < existing / 3; again++) {
            laterEvent(random, "r-" + random.nextInt(existing));
        }
    }

    /** One more event for a case, happening after its last one (a case's events are in order). */
    private void laterEvent(Random random, String id) {
        Instant at = happened.merge(id, Instant.parse("2026-08-01T09:00:00Z"),
                (last, start) -> last.plusSeconds(86_400L * (1 + random.nextInt(20))));
        LocalDate safe = at.atZone(UK).toLocalDate().plusDays(random.nextInt(30));
        String task = "t-" + random.nextInt(3);
        switch (random.nextInt(14)) {
            case 0 -> apply(id, f -> f.onAccepted(at));
            case 1 -> apply(id, f -> f.onPaused(at, "clarify"));
            case 2 -> apply(id, f -> f.onResumed(at));
            case 3 -> apply(id, f -> f.onExtended("complex", null, at));
            case 4 -> {
                CaseTask t = new CaseTask();
                t.taskId = task;
                t.systemId = pick(random, List.of("crm", "mail", "hr"));
                t.lastSafeDispatch = safe;
                apply(id, f -> f.onPlanned(List.of(t), 0, List.of()));
            }
            case 5 -> apply(id, f -> f.onTaskDispatched(task, "crm", "erase", pick(random, List.of("rest", "manual")), safe));
            case 6 -> apply(id, f -> f.onTaskAttemptFailed(task, "crm", 1 + random.nextInt(3), "timeout"));
            case 7 -> apply(id, f -> f.onTaskCompleted(task, "crm", "erase", true, 1));
            case 8 -> apply(id, f -> f.onTaskFailed(task, "mail", "erase", "gone", 3));
            case 9 -> apply(id, f -> f.onReadyToAnswer(at));
            case 10 -> apply(id, f -> f.onClosed(at, "answered"));
            case 11 -> apply(id, f -> f.onRefused("manifestly unfounded", "repeat"));
            case 12 -> apply(id, f -> f.task(task).filter(t -> t.lastSafeDispatch != null) // the router's TASK_AT_RISK
                    .ifPresent(t -> f.onAlertRaised(CaseFile.TASK_AT_RISK, t.lastSafeDispatch, task)));
            default -> apply(id, f -> f.onTaskCancelled(task, "hr", "erase", "stopped"));
        }
    }

    private int events;
    /** When each case's last event happened. */
    private final Map<String, Instant> happened = new java.util.HashMap<>();

    private void apply(String requestId, Consumer<CaseFile> effect) {
        String eventId = "e-" + events++;
        // once the case is opened, each event's clock as the router states it, with its controller's division; some
        // dates stated as provisional (on unpublished bank holidays), which are worked out again here
        boolean provisional = Math.floorMod(requestId.hashCode(), 5) == 0 || requestId.equals("scottish");
        Consumer<CaseFile> stated = effect.andThen(f -> {
            if (f.clockStartsAt != null) {
                RouterDeadline clock = RouterClockStandIn.stated(f, REGISTERED.get(f.controllerId), List.of());
                f.onRouterClock(provisional ? new RouterDeadline(clock.status(), clock.clockStart(), clock.statutoryDue(),
                        clock.monthOneDue(), clock.paused(), clock.extended(), clock.steps(), "stated as provisional",
                        clock.targets(), clock.allowedActions()) : clock);
            }
        });
        projection.apply(requestId, eventId, now.get(), stated).join();
        if (events % 7 == 0) { // a redelivery changes nothing
            projection.apply(requestId, eventId, now.get(), stated).join();
        }
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The case store in a map, each case kept as a copy (as MongoDB keeps a document). */
    static final class MapCaseStore implements CaseStore {
        final Map<String, CaseFile> files = new ConcurrentHashMap<>();
        private final JsonMapper mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

        private CaseFile copy(CaseFile file) {
            return mapper.readValue(mapper.writeValueAsString(file), CaseFile.class);
        }

        @Override
        public CompletableFuture<Optional<CaseFile>> find(String requestId) {
            return CompletableFuture.completedFuture(Optional.ofNullable(files.get(requestId)).map(this::copy));
        }

        @Override
        public CompletableFuture<Void> save(CaseFile file) {
            files.put(file.requestId, copy(file));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> visibleTo(String organisationId, boolean openOnly, Consumer<CaseFile> each) {
            List.copyOf(files.values()).stream().map(this::copy)
                    .filter(f -> organisationId == null || f.organisations().contains(organisationId))
                    .filter(f -> !openOnly || f.status.open()).forEach(each);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Long> count() {
            return CompletableFuture.completedFuture((long) files.size());
        }

        @Override
        public CompletableFuture<Void> dropForRebuild() {
            files.clear();
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The registry as the index reads it: each organisation's division, changed by {@link #change}. */
    static final class TestRegistry extends RegistryView {
        private final Map<String, Organisation> organisations = new ConcurrentHashMap<>();
        private final List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

        TestRegistry() {
            super(null);
            REGISTERED.forEach(this::put);
        }

        private void put(String id, String division) {
            organisations.put(id, new Organisation(id, 1, id, division, List.of(), List.of(), null, null));
        }

        void change(String id, String division) {
            put(id, division);
            listeners.forEach(l -> l.accept(id));
        }

        @Override
        public Optional<Organisation> find(String id) {
            return id == null ? Optional.empty() : Optional.ofNullable(organisations.get(id));
        }

        @Override
        public void onChange(Consumer<String> listener) {
            listeners.add(listener);
        }
    }

    /** A clock the test moves from day to day. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(AtomicReference<Instant> now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now.get(), zone);
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
