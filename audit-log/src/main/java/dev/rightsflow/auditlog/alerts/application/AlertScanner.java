package dev.rightsflow.auditlog.alerts.application;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.alerts.model.AlertRaised;
import dev.rightsflow.auditlog.alerts.model.AlertRules;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.deadline.HolidaysUnknownException;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.schemas.Events;

/**
 * Looks at the open cases (periodically, and on demand) and raises the alerts that apply today ({@link AlertRules},
 * the decision), through the {@link AlertPublisher} port ({@code DeadlineAlertRaised} on ALERTS). Each alert is raised once: its event id is derived from (request, kind, due date, task)
 * and the case projection remembers alerts already on ALERTS, so a rescan, a restart or a rebuild
 * raises nothing twice. Time comes from the injectable {@code auditLogClock}. Notifications follow
 * from the event on ALERTS ({@link AlertNotifications}).
 *
 * <p>Which cases a scan reads: an alert depends on the case's facts and on the date (its rules count days), so every
 * open case is read by the first scan of each day (on the UK's clock) and by a scan asked for ({@link #scan()}); the
 * periodic scans in between read only the open cases the index saw change since ({@link CaseQueries#takeChangedOpen}:
 * an event folded, a due date re-keyed after a holiday or registry change). Each minute's pass over every open case
 * decoded every case: at 100,000 open cases that was a fifth of the machine's CPU, all day, to find nothing new.
 */
public class AlertScanner {

    private static final Logger log = LoggerFactory.getLogger(AlertScanner.class);

    private final CaseQueries cases;
    private final CaseDeadline deadlines;
    private final AlertPublisher alerts;
    private final Clock clock;
    private final AuditLogProperties properties;
    private final Set<String> raisedHere = ConcurrentHashMap.newKeySet();
    /** The last scan asked for (guarded by this): the tail of the queue, done when no scan runs or waits. */
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    /** The day of the last scan that read every open case and finished (only scans, which never overlap, touch it). */
    private volatile java.time.LocalDate wholePassDay;

    public AlertScanner(CaseQueries cases, CaseDeadline auditLogCaseDeadline, AlertPublisher auditLogAlertPublisher,
            Clock clock, AuditLogProperties properties) {
        this.cases = cases;
        this.deadlines = auditLogCaseDeadline;
        this.alerts = auditLogAlertPublisher;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Scans every open case now, after any scan still running (scans never overlap: a scan of every open case, two at
     * once, would hold twice what one holds and compete for the store).
     *
     * @return the alerts raised by this scan, once each was acknowledged, one after the other
     */
    public CompletableFuture<List<AlertDue>> scan() {
        return queue(true);
    }

    private CompletableFuture<List<AlertDue>> queue(boolean everyCase) {
        synchronized (this) {
            CompletableFuture<List<AlertDue>> next = last.handle((r, e) -> null).thenCompose(v -> scanOnce(everyCase));
            last = next;
            return next;
        }
    }

    /**
     * The periodic scan: skipped while a scan is running or waiting. Under a burst a scan of every open case can take
     * longer than the interval; queued periodic scans would then pile up behind it, each to read every case again.
     *
     * @return the alerts raised, none when skipped
     */
    public CompletableFuture<List<AlertDue>> scanUnlessBusy() {
        synchronized (this) {
            if (!last.isDone()) {
                log.debug("alert scan skipped: the previous one is still running");
                return CompletableFuture.completedFuture(List.of());
            }
            return queue(false);
        }
    }

    private CompletableFuture<List<AlertDue>> scanOnce(boolean asked) {
        java.time.LocalDate today = cases.today();
        boolean everyCase = asked || !today.equals(wholePassDay);
        // taken before the read: a case changed while it runs is taken by the next scan
        List<String> changed = cases.takeChangedOpen();
        List<Due> due = new ArrayList<>();
        CompletableFuture<Void> read = cases.eachOpenCaseOf(everyCase ? cases.openRequestIds() : changed, view -> {
            if (view.file().status.open()) {
                alertsOf(view).forEach(a -> due.add(new Due(view.file(), a)));
            }
        });
        return read.thenCompose(done -> {
            if (everyCase) {
                wholePassDay = today;
            }
            List<AlertDue> raised = new ArrayList<>();
            CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
            for (Due d : due) {
                sent = sent.thenCompose(previous -> raise(d.file(), d.alert())).thenRun(() -> raised.add(d.alert()));
            }
            return sent.thenApply(all -> raised);
        }).whenComplete((raised, e) -> {
            if (e != null) {
                // not read, or an alert not raised: the next scan reads these cases again (a whole pass did not count)
                cases.changedAgain(changed);
                cases.changedAgain(due.stream().map(d -> d.file().requestId).toList());
            }
        });
    }

    /** An alert due on a case. */
    private record Due(CaseFile file, AlertDue alert) {
    }

    private List<AlertDue> alertsOf(CaseView view) {
        CaseFile file = view.file();
        Integer toMonthOneEnd = null;
        try {
            if (view.deadline().monthOneDue() != null) {
                // the division the position was worked out in: the case's, else its controller's in the registry
                toMonthOneEnd = deadlines.workingDaysBetween(UkDivision.valueOf(view.deadline().division()),
                        cases.today(), view.deadline().monthOneDue());
            }
        } catch (HolidaysUnknownException e) {
            // no extension notice alert without a calendar
        }
        return AlertRules.due(file, view.deadline(), properties.extensionNoticeWorkingDays(), toMonthOneEnd).stream()
                .filter(a -> !file.alertsRaised.contains(CaseFile.alertKey(a.kind().name(), a.dueDate(), a.taskId())))
                .filter(a -> !raisedHere.contains(id(a))).toList();
    }

    private CompletableFuture<Void> raise(CaseFile file, AlertDue alert) {
        return alerts.publish(new AlertRaised(id(alert), alert, clock.instant(), file.controllerId)).thenRun(() -> {
            raisedHere.add(id(alert));
            log.info("alert {} raised for request {}", alert.kind(), alert.requestId());
        });
    }

    static String id(AlertDue a) {
        return Events.derivedId("deadline-alert", a.requestId(), a.kind().name(), String.valueOf(a.dueDate()),
                a.taskId() == null ? "" : a.taskId());
    }
}
