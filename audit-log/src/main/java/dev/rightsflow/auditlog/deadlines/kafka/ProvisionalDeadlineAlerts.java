package dev.rightsflow.auditlog.deadlines.kafka;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.model.AlertKind;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.deadlines.application.ProvisionalDeadlineMoves;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.UkDivision;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.kafka.Eventing;

/**
 * Alerts staff when a refreshed bank-holiday list moves a provisional deadline: on every change
 * of the one holiday source, each open case's statutory deadline is worked out with the list
 * before and after; a provisional date that moved raises {@code PROVISIONAL_DEADLINE_MOVED} on
 * ALERTS, due on the new date, and goes to the controller's alert channels like every alert.
 * The dashboard and the status page show the new date at once, because they work it out on
 * every read. The event id is derived from (request, kind, old date, new date), so a repeated
 * refresh raises nothing twice.
 */
public final class ProvisionalDeadlineAlerts {

    private static final Logger log = LoggerFactory.getLogger(ProvisionalDeadlineAlerts.class);
    private static final String KIND = AlertKind.PROVISIONAL_DEADLINE_MOVED.name();

    private final CaseQueries cases;
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;

    public ProvisionalDeadlineAlerts(RefreshableBankHolidays holidays, CaseQueries cases,
            KafkaTemplate<String, Object> kafka, Clock clock) {
        this.cases = cases;
        this.kafka = kafka;
        this.clock = clock;
        holidays.onChange(this::on);
    }

    /** Compares every open case's deadline under the list before and after the change, and alerts on moves. */
    public void on(RefreshableBankHolidays.Change change) {
        DeadlineEngine before = DeadlineEngine.withHolidays(change.before());
        DeadlineEngine after = DeadlineEngine.withHolidays(change.after());
        // the open cases whose date the router stated as provisional, gathered in one pass over the store
        java.util.List<CaseView> provisional = new java.util.ArrayList<>();
        Mono.fromFuture(() -> cases.eachOpenCase(view -> {
            if (view.file().status.open() && view.file().routerClock != null
                    && view.file().routerClock.provisionalReason() != null) {
                provisional.add(view);
            }
        })).thenMany(Flux.defer(() -> Flux.fromIterable(provisional)))
                .concatMap(view -> alertIfMoved(view, before, after))
                .count()
                .subscribe(n -> log.info("bank holidays changed: {} provisional deadline(s) moved", n),
                        e -> log.warn("provisional deadlines not rechecked after the bank-holiday change: {}",
                                e.getClass().getSimpleName()));
    }

    private Flux<DeadlineAlertRaised> alertIfMoved(CaseView view, DeadlineEngine before, DeadlineEngine after) {
        CaseFile file = view.file();
        // only a date the router stated as provisional can move with the list
        if (file.routerClock == null || file.routerClock.provisionalReason() == null
                || (file.receivedAt == null && file.clockStartsAt == null) || CaseDeadline.identityAwaited(file)) {
            return Flux.empty();
        }
        UkDivision division = UkDivision.valueOf(view.deadline().division());
        return Mono.justOrEmpty(ProvisionalDeadlineMoves.between(CaseDeadline.facts(file, division), before, after))
                .filter(moved -> !file.alertsRaised.contains(CaseFile.alertKey(KIND, moved.to(), null)))
                .flatMap(moved -> {
                    DeadlineAlertRaised event = DeadlineAlertRaised.newBuilder()
                            .setEventId(Events.derivedId("deadline-alert", file.requestId, KIND, String.valueOf(moved.from()),
                                    String.valueOf(moved.to())))
                            .setRequestId(file.requestId)
                            .setOccurredAt(clock.instant())
                            .setActor(Events.service("audit-log"))
                            .setKind(KIND)
                            .setControllerId(file.controllerId)
                            .setDueDate(moved.to())
                            .setTaskId(null)
                            .build();
                    log.info("request {}: provisional deadline moved from {} to {}", file.requestId, moved.from(), moved.to());
                    return Mono.fromFuture(() -> Eventing.publish(kafka, Topics.ALERTS, event)).thenReturn(event);
                })
                .flux();
    }
}
