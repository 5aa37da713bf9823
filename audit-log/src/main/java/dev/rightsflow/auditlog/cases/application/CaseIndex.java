package dev.rightsflow.auditlog.cases.application;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseKey;
import dev.rightsflow.auditlog.cases.model.CaseKeyFacts;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;

/**
 * The case list's index and the dashboard's counts, kept in memory beside the case projection and
 * folded from the same events: {@link CaseProjection} puts every case it saves, the start-up loads
 * the stored projection once and clears the index whenever it drops the projection for a rebuild.
 * So a page of the list, its total and the figures never pass over every case, on MongoDB or on the
 * in-process server (which ignores secondary indexes).
 *
 * <p>Per scope (every case, for administrators, and each organisation that may see a case: the
 * same visibility as {@link Viewer#canSee}) it keeps the cases sorted by due date, the open ones,
 * those with a task's last safe dispatch date, and counters: per filter combination (open, status,
 * right, processor), open cases per due date, and the closed cases' figures. A page is the overdue
 * cases (due before today), then those at risk (due within a few working days, or a task past its
 * last safe dispatch date), then the rest, each in due-date order: the full scan's order, read from
 * the front of sorted sets.
 *
 * <p>A case's due date can depend on its controller's registry division (when the case names none)
 * and on the bank-holiday list: such keys are worked out again when either changes.
 */
public class CaseIndex {

    /** The scope of administrators: every case. */
    static final String EVERY = "*";
    private static final Logger log = LoggerFactory.getLogger(CaseIndex.class);

    /** The request ids of one page and how many cases match in all. */
    public record Slice(List<String> requestIds, long total) {
    }

    /**
     * The dashboard's figures for one scope.
     *
     * @param casesByWeek       requests received per ISO week, the last 12 weeks with any
     * @param medianDaysToClose null when nothing was closed
     */
    public record Figures(long open, long overdue, long atRisk, long answered, long answeredOnTime,
            Map<String, Long> casesByWeek, Long medianDaysToClose, Map<String, Long> failingByConnector) {
    }

    private final CaseDeadline deadlines;
    private final RegistryView registry;
    private final CaseStore store;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, CaseKey> byId = new HashMap<>();
    private final Map<String, Scope> scopes = new HashMap<>();
    /** Cases put (folded, re-keyed, loaded) since the alert scan last took them: {@link #takeChangedOpen()}. */
    private final java.util.Set<String> changedForAlerts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CaseIndex(CaseDeadline auditLogCaseDeadline, RegistryView registry, CaseStore store,
            RefreshableBankHolidays holidays) {
        this.deadlines = auditLogCaseDeadline;
        this.registry = registry;
        this.store = store;
        registry.onChange(this::organisationChanged);
        holidays.onChange(change -> rekey(each -> store.keyFacts(null, each), "bank holidays changed"));
    }

    /** The case as it now stands (after the projection saved it). */
    public void put(CaseFile file) {
        put(CaseKeyFacts.of(file));
    }

    /** A case's facts as they now stand (as the store keeps them beside the case, or worked out from it). */
    void put(CaseKeyFacts facts) {
        CaseKey key = key(facts);
        lock.writeLock().lock();
        try {
            replace(key);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Loads the stored projection (at start, when the listeners resume rather than rebuild): the facts the store
     * keeps beside each case ({@link CaseStore#keyFacts}), not the whole cases.
     */
    public CompletableFuture<Void> load() {
        return store.keyFacts(null, this::put);
    }

    /** Forgets every case: the projection was dropped and is folded again. */
    public void clear() {
        lock.writeLock().lock();
        try {
            byId.clear();
            scopes.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The request ids of every open case, as the index holds them now (a copy): what the alert scan reads, instead of
     * a query over every stored case (on the in-process server such a query decodes every case, and a checkpoint due
     * meanwhile holds every other command of every service behind it).
     */
    public List<String> openRequestIds() {
        lock.readLock().lock();
        try {
            Scope s = scopes.get(EVERY);
            return s == null ? List.of() : s.open.stream().map(CaseKey::requestId).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The open cases put since the last call (each case's facts changed: an event folded, a due date re-keyed after a
     * holiday or registry change, the index loaded), and forgets them: what the periodic alert scan reads between two
     * days, instead of every open case each minute (at 100,000 open cases that pass was a fifth of the machine).
     */
    public List<String> takeChangedOpen() {
        List<String> taken = new ArrayList<>();
        for (java.util.Iterator<String> it = changedForAlerts.iterator(); it.hasNext(); ) {
            taken.add(it.next());
            it.remove();
        }
        lock.readLock().lock();
        try {
            return taken.stream().filter(id -> {
                CaseKey key = byId.get(id);
                return key != null && (key.status() == null || key.open());
            }).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Cases a scan took but could not finish with: the next scan takes them again. */
    public void changedAgain(java.util.Collection<String> requestIds) {
        changedForAlerts.addAll(requestIds);
    }

    public int size() {
        lock.readLock().lock();
        try {
            return byId.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The case's key: its due date as {@link CaseDeadline#position} shows it (as the router stated it, or worked out
     * from the case's facts with the division's bank holidays), and its division. A case whose deadline cannot be
     * worked out (facts the engine refuses, e.g. a pause ending before it began) is listed without a due date rather
     * than stopping the fold.
     */
    CaseKey key(CaseKeyFacts facts) {
        boolean registryDivision = facts.controllerId() != null && !division(facts.division());
        Organisation controller = registryDivision ? registry.find(facts.controllerId()).orElse(null) : null;
        UkDivision division = CaseDeadline.division(facts.division(), controller == null ? null : controller.division());
        LocalDate due = facts.statedDue();
        if (facts.dueFromFacts() != null) {
            try {
                due = deadlines.statutoryDue(facts.dueFromFacts(), division);
            } catch (RuntimeException e) {
                log.warn("request {}: deadline not worked out for the case list ({})", facts.requestId(), e.getMessage());
                return facts.key(null, CaseDeadline.division(facts.division(), null).name(), registryDivision);
            }
        }
        return facts.key(due, division.name(), registryDivision);
    }

    /**
     * One page of the case list as the viewer may see it, most urgent first: overdue, at risk, then
     * fewest days left, cases without a date last, ties by request id.
     */
    public Slice page(Viewer viewer, CaseQueries.Filter filter, LocalDate today, long offset, int limit) {
        lock.readLock().lock();
        try {
            Query q = query(viewer, filter);
            if (q == null) {
                return new Slice(List.of(), 0);
            }
            NavigableSet<CaseKey> candidates = filter.open() ? q.scope.open : q.scope.all;
            long total = q.countKey == null ? candidates.stream().filter(q.matches).count()
                    : q.scope.counts.getOrDefault(q.countKey, 0L);
            List<String> ids = new ArrayList<>();
            long[] skip = {offset};
            Predicate<CaseKey> take = k -> {
                if (skip[0] > 0) {
                    skip[0]--;
                } else {
                    ids.add(k.requestId());
                }
                return ids.size() < limit;
            };
            if (limit <= 0) {
                return new Slice(List.of(), total);
            }
            for (CaseKey k : candidates.headSet(probe(today), false)) {
                if (q.matches.test(k) && k.overdue(today) && !take.test(k)) {
                    return new Slice(ids, total);
                }
            }
            Map<String, LocalDate> limits = riskLimits(today);
            for (CaseKey k : atRisk(q.scope, candidates, q.matches, today, limits)) {
                if (!take.test(k)) {
                    return new Slice(ids, total);
                }
            }
            for (CaseKey k : candidates) {
                if (q.matches.test(k) && k.urgency(today, limits.get(k.division())) == 2 && !take.test(k)) {
                    break;
                }
            }
            return new Slice(ids, total);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The figures of every case the viewer may see (open and closed). */
    public Figures figures(Viewer viewer, LocalDate today) {
        lock.readLock().lock();
        try {
            Scope s = viewer.admin() ? scopes.get(EVERY)
                    : viewer.organisationId() == null ? null : scopes.get(viewer.organisationId());
            if (s == null) {
                return new Figures(0, 0, 0, 0, 0, Map.of(), null, Map.of());
            }
            Map<String, Long> lastWeeks = new LinkedHashMap<>();
            List<String> weeks = new ArrayList<>(s.byWeek.keySet());
            weeks.subList(Math.max(0, weeks.size() - 12), weeks.size()).forEach(w -> lastWeeks.put(w, s.byWeek.get(w)));
            return new Figures(s.openCount, sum(s.eligibleByDue, null, today.minusDays(1)),
                    atRisk(s, s.open, k -> true, today, riskLimits(today)).size(), s.answered, s.answeredOnTime,
                    lastWeeks, median(s.daysToClose), new TreeMap<>(s.failing));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every open case past its due date. */
    public long overdue(LocalDate today) {
        return openCount(s -> sum(s.eligibleByDue, null, today.minusDays(1)));
    }

    /** Open cases without a due date (the clock not started, or stopped). */
    public long openWithoutClock() {
        return openCount(s -> s.openNoDue);
    }

    /**
     * Open cases not overdue with {@code min..max} calendar days left (inclusive; null: unbounded), of
     * every organisation.
     */
    public long openWithDaysLeft(LocalDate today, Long min, Long max) {
        LocalDate from = min == null ? null : today.plusDays(min);
        LocalDate to = max == null ? null : today.plusDays(max);
        LocalDate notOverdue = from == null || from.isBefore(today) ? today : from;
        return openCount(s -> sum(s.eligibleByDue, notOverdue, to) + sum(s.otherByDue, from, to));
    }

    private long openCount(java.util.function.ToLongFunction<Scope> count) {
        lock.readLock().lock();
        try {
            Scope s = scopes.get(EVERY);
            return s == null ? 0 : count.applyAsLong(s);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The scope to read, the remaining test of each case, and the counter that holds the total (null: count). */
    private record Query(Scope scope, Predicate<CaseKey> matches, FilterKey countKey) {
    }

    private Query query(Viewer viewer, CaseQueries.Filter filter) {
        String organisation = blank(filter.organisation()) ? null : filter.organisation();
        String scopeId;
        boolean countable = true;
        if (viewer.admin()) {
            scopeId = organisation == null ? EVERY : organisation;
        } else if (viewer.organisationId() == null) {
            return null;
        } else {
            scopeId = viewer.organisationId();
            countable = organisation == null || organisation.equals(scopeId);
        }
        Scope scope = scopes.get(scopeId);
        if (scope == null) {
            return null;
        }
        String right = blank(filter.right()) ? null : filter.right().toUpperCase(Locale.ROOT);
        String status = blank(filter.status()) ? null : filter.status().toUpperCase(Locale.ROOT);
        String processor = blank(filter.processor()) ? null : filter.processor();
        boolean openOnly = filter.open();
        Predicate<CaseKey> matches = k -> (!openOnly || k.open())
                && (organisation == null || k.organisations().contains(organisation))
                && (right == null || right.equals(k.rightKey()))
                && (status == null || status.equals(k.status().name()))
                && (processor == null || k.processors().contains(processor));
        return new Query(scope, matches, countable ? new FilterKey(openOnly, status, right, processor) : null);
    }

    /**
     * The cases at risk and not overdue, in due-date order: due from today to within the latest
     * division's risk limit, ready to answer with the due date near or past, or with a task past its
     * last safe dispatch date. Never more than the cases at risk are read.
     */
    private static TreeSet<CaseKey> atRisk(Scope s, NavigableSet<CaseKey> candidates, Predicate<CaseKey> matches,
            LocalDate today, Map<String, LocalDate> limits) {
        LocalDate latest = limits.values().stream().max(LocalDate::compareTo).orElse(today);
        TreeSet<CaseKey> atRisk = new TreeSet<>(CaseKey.BY_DUE);
        Predicate<CaseKey> risky = k -> matches.test(k) && k.urgency(today, limits.get(k.division())) == 1;
        candidates.subSet(probe(today), true, probe(latest), false).stream().filter(risky).forEach(atRisk::add);
        s.ready.headSet(probe(latest), false).stream().filter(risky).forEach(atRisk::add);
        s.risky.headSet(riskProbe(today.plusDays(1)), false).stream().filter(risky).forEach(atRisk::add);
        return atRisk;
    }

    /** Per division, the fourth working day after today: a due date before it has three working days or fewer left. */
    private Map<String, LocalDate> riskLimits(LocalDate today) {
        Map<String, LocalDate> limits = new HashMap<>();
        for (UkDivision division : UkDivision.values()) {
            LocalDate d = today;
            for (int working = 0; working < 4;) {
                d = d.plusDays(1);
                if (deadlines.engine().isWorkingDay(division, d)) {
                    working++;
                }
            }
            limits.put(division.name(), d);
        }
        return limits;
    }

    private void organisationChanged(String organisationId) {
        List<String> ids;
        lock.readLock().lock();
        try {
            ids = byId.values().stream().filter(k -> k.registryDivision() && k.organisations().contains(organisationId))
                    .map(CaseKey::requestId).toList();
        } finally {
            lock.readLock().unlock();
        }
        if (!ids.isEmpty()) {
            rekey(each -> store.keyFacts(ids, each), "organisation " + organisationId + " changed");
        }
    }

    /**
     * Works the keys out again for cases whose due date may have moved without an event of their own: {@code read}
     * hands each such case to the consumer it is given and completes when done.
     */
    private void rekey(Function<Consumer<CaseKeyFacts>, CompletableFuture<Void>> read, String why) {
        AtomicLong count = new AtomicLong();
        read.apply(facts -> {
            CaseKey key = key(facts);
            lock.writeLock().lock();
            try {
                CaseKey current = byId.get(key.requestId());
                if (current != null && Objects.equals(current.stamp(), key.stamp())) {
                    replace(key);
                }
            } finally {
                lock.writeLock().unlock();
            }
            count.incrementAndGet();
        }).whenComplete((done, e) -> {
            if (e == null) {
                log.info("case index: {} case(s) re-keyed ({})", count.get(), why);
            } else {
                log.warn("case index not re-keyed ({}): {}", why, e.toString());
            }
        });
    }

    private void replace(CaseKey key) {
        changedForAlerts.add(key.requestId());
        CaseKey old = byId.put(key.requestId(), key);
        if (old != null) {
            for (String scope : scopesOf(old)) {
                scopes.get(scope).add(old, -1);
            }
        }
        for (String scope : scopesOf(key)) {
            scopes.computeIfAbsent(scope, s -> new Scope()).add(key, 1);
        }
    }

    private static List<String> scopesOf(CaseKey key) {
        List<String> all = new ArrayList<>(key.organisations().size() + 1);
        all.add(EVERY);
        all.addAll(key.organisations());
        return all;
    }

    private static CaseKey probe(LocalDate due) {
        return new CaseKey("", null, null, List.of(), List.of(), due, null, false, false, null, false, null, List.of(),
                false, false, null, null);
    }

    private static CaseKey riskProbe(LocalDate riskDate) {
        return new CaseKey("", null, null, List.of(), List.of(), null, null, false, false, riskDate, false, null,
                List.of(), false, false, null, null);
    }

    private static long sum(TreeMap<LocalDate, Long> counts, LocalDate from, LocalDate to) {
        if (from != null && to != null && from.isAfter(to)) {
            return 0;
        }
        Map<LocalDate, Long> range = from == null && to == null ? counts
                : from == null ? counts.headMap(to, true) : to == null ? counts.tailMap(from, true)
                        : counts.subMap(from, true, to, true);
        long n = 0;
        for (long c : range.values()) {
            n += c;
        }
        return n;
    }

    /** The median as the dashboard has always worked it out: the middle value, or the rounded mean of the two middle ones. */
    static Long median(TreeMap<Long, Long> counts) {
        long n = counts.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return null;
        }
        long lowerIndex = (n - 1) / 2;
        long upperIndex = n / 2;
        Long lower = null;
        Long upper = null;
        long seen = 0;
        for (Map.Entry<Long, Long> e : counts.entrySet()) {
            long next = seen + e.getValue();
            if (lower == null && lowerIndex < next) {
                lower = e.getKey();
            }
            if (upperIndex < next) {
                upper = e.getKey();
                break;
            }
            seen = next;
        }
        return Math.round((lower + upper) / 2.0);
    }

    private static boolean division(String name) {
        if (name == null) {
            return false;
        }
        try {
            UkDivision.valueOf(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** A combination of list filters; null fields match anything. */
    private record FilterKey(boolean openOnly, String status, String right, String processor) {
    }

    /** The cases one scope may see, sorted, and its counters. Guarded by the index's lock. */
    private static final class Scope {
        final TreeSet<CaseKey> all = new TreeSet<>(CaseKey.BY_DUE);
        final TreeSet<CaseKey> open = new TreeSet<>(CaseKey.BY_DUE);
        /** open, due date near or past, never overdue: ready to answer */
        final TreeSet<CaseKey> ready = new TreeSet<>(CaseKey.BY_DUE);
        /** open with an unfinished task's last safe dispatch date */
        final TreeSet<CaseKey> risky = new TreeSet<>(CaseKey.BY_RISK_DATE);
        final Map<FilterKey, Long> counts = new HashMap<>();
        /** open cases that become overdue after their due date, per due date */
        final TreeMap<LocalDate, Long> eligibleByDue = new TreeMap<>();
        /** other open cases with a due date (never overdue), per due date */
        final TreeMap<LocalDate, Long> otherByDue = new TreeMap<>();
        final TreeMap<String, Long> byWeek = new TreeMap<>();
        final Map<String, Long> failing = new HashMap<>();
        final TreeMap<Long, Long> daysToClose = new TreeMap<>();
        long openCount;
        long openNoDue;
        long answered;
        long answeredOnTime;

        void add(CaseKey k, int sign) {
            boolean open = k.open();
            set(all, k, sign);
            if (open) {
                set(this.open, k, sign);
                if (k.dueRiskEligible() && !k.overdueEligible()) {
                    set(ready, k, sign);
                }
                if (k.riskDate() != null) {
                    set(risky, k, sign);
                }
                openCount += sign;
                if (k.due() == null) {
                    openNoDue += sign;
                } else {
                    merge(k.overdueEligible() ? eligibleByDue : otherByDue, k.due(), sign);
                }
            }
            for (boolean openOnly : open ? new boolean[] {false, true} : new boolean[] {false}) {
                count(openOnly, null, k, sign);
                count(openOnly, k.status().name(), k, sign);
            }
            if (k.week() != null) {
                merge(byWeek, k.week(), sign);
            }
            k.failing().forEach(connector -> merge(failing, connector, sign));
            if (k.answered()) {
                answered += sign;
                answeredOnTime += k.answeredOnTime() ? sign : 0;
            }
            if (k.daysToClose() != null) {
                merge(daysToClose, k.daysToClose(), sign);
            }
        }

        /** The counters of every combination of right and processor filters under one open/status pair. */
        private void count(boolean openOnly, String status, CaseKey k, int sign) {
            for (String right : new String[] {null, k.rightKey()}) {
                merge(counts, new FilterKey(openOnly, status, right, null), sign);
                for (String processor : k.processors()) {
                    merge(counts, new FilterKey(openOnly, status, right, processor), sign);
                }
            }
        }

        private static void set(TreeSet<CaseKey> set, CaseKey k, int sign) {
            if (sign > 0) {
                set.add(k);
            } else {
                set.remove(k);
            }
        }

        private static <K> void merge(Map<K, Long> counts, K key, int sign) {
            long n = counts.getOrDefault(key, 0L) + sign;
            if (n == 0) {
                counts.remove(key);
            } else {
                counts.put(key, n);
            }
        }
    }
}
