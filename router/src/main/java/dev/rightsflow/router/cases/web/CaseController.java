package dev.rightsflow.router.cases.web;

import dev.rightsflow.router.registry.web.RegistryController;
import dev.rightsflow.router.security.RouterSecurity;
import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.deadline.PlainWords;
import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.cases.application.DeadlineCalendar;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.router.cases.model.CaseState;

/**
 * The router's own views, under {@code /router}: the triage queue for the dashboard, a
 * processor's view of what it forwarded, one case with its plan and last safe dispatch dates, the
 * on-demand rebuild (with reconciliation) and the on-demand task-at-risk check. No personal data: ids, organisations, dates and states only.
 */
@RestController
public class CaseController {

    private final CaseStore store;
    private final CaseService cases;
    private final ProjectionState state;
    private final Clock clock;
    private final DeadlineCalendar calendar;

    public CaseController(@Qualifier("routerCaseStore") CaseStore store, @Qualifier("routerCaseService") CaseService cases,
            @Qualifier("routerProjectionState") ProjectionState state,
            @Qualifier("routerClock") Clock clock,
            @Qualifier("routerDeadlineCalendar") DeadlineCalendar calendar) {
        this.calendar = calendar;
        this.store = store;
        this.cases = cases;
        this.state = state;
        this.clock = clock;
    }

    /** Open triage items, oldest first. */
    public record TriageItem(String requestId, String receivingOrganisationId, String serviceId, String right,
            Instant receivedAt, String reason, List<String> candidateControllerIds) {
    }

    /**
     * What a processor forwarded, and where it stands.
     *
     * @param statutoryDeadline the controller's deadline: for a request forwarded outside the platform, where no case is
     *                          opened here, the date the clock on the router's {@code RequestForwarded} stated
     *                          ({@link CaseState#forwardedDeadline}): counted from the first receipt in the chain (the
     *                          controller's time is not extended because a processor forwarded it, EDPB Guidelines
     *                          07/2020 para 129), or from identity verification when that came first (Art 12A)
     * @param statutoryDeadlineWords the same as a date in words
     */
    public record ForwardedItem(String requestId, String controllerId, String mode, String controllerReference,
            String status, Instant receivedAt, LocalDate statutoryDeadline, String statutoryDeadlineWords) {
    }

    /** @param atRisk still open past its last safe dispatch date today (never while the clock is stopped) */
    public record TaskView(String taskId, String systemId, String action, String connector, String outcome,
            LocalDate lastSafeDispatch, boolean atRisk) {
    }

    /**
     * @param duplicateOf   the request this one repeats: linked, not merged
     * @param lastRejection the last staff command the router rejected, and why
     * @param externalCancellation for a request forwarded over OpenDSR and closed as withdrawn: whether the
     *                      external controller confirmed the cancellation, or why not
     */
    public record CaseView(String requestId, String status, String right, String receivingOrganisationId,
            String controllerId, String rule, boolean receiverIsProcessor, String forwardingMode,
            Instant receivedAt, Instant clockStartsAt, LocalDate statutoryDeadline, LocalDate extendedDeadline,
            LocalDate targetDeadline, LocalDate workingDeadline, boolean paused, boolean extended, boolean atRisk,
            String duplicateOf, String lastRejection, String externalCancellation, List<TaskView> tasks) {
    }

    @GetMapping(path = "/api/v1/router/triage", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> triage(ServerWebExchange exchange) {
        return blocking(() -> ResponseEntity.ok(store.inStatus(CaseState.Status.TRIAGE).stream()
                .sorted(Comparator.comparing(c -> c.receivedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(c -> new TriageItem(c.requestId, c.receivingOrganisationId, c.serviceId,
                        c.right == null ? null : c.right.name(), c.receivedAt, c.triageReason, c.triageCandidates))
                .toList()));
    }

    @GetMapping(path = "/api/v1/router/forwarded", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> forwarded(@RequestParam("organisation") String organisation,
            ServerWebExchange exchange) {
        return exchange.getPrincipal().map(p -> RouterSecurity.mayActFor(p, organisation)).defaultIfEmpty(false)
                .flatMap(allowed -> allowed ? forwardedBy(organisation) : Mono.error(RouterSecurity.forbidden(organisation)));
    }

    private Mono<ResponseEntity<?>> forwardedBy(String organisation) {
        return blocking(() -> ResponseEntity.ok(store.forwardedBy(organisation).stream()
                .sorted(Comparator.comparing(c -> c.receivedAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .map(c -> {
                    LocalDate due = c.statutoryDeadline != null ? c.statutoryDeadline : forwardedDue(c);
                    return new ForwardedItem(c.requestId, c.controllerId,
                            c.forwardingMode == null ? null : c.forwardingMode.name(), c.controllerReference,
                            c.status().name(), c.receivedAt, due, PlainWords.date(due));
                })
                .toList()));
    }

    /**
     * A request forwarded outside the platform: the due date its {@code RequestForwarded}'s clock stated. Forwarded by
     * a router that did not state it yet (a v1 event, kept in history), the same computation as that clock's
     * ({@link DeadlineCalendar#clock}) on the case as it stands.
     */
    private LocalDate forwardedDue(CaseState c) {
        if (c.forwardedDeadline != null || c.receivedAt == null) {
            return c.forwardedDeadline;
        }
        return calendar.clock(c, null).statutoryDue();
    }

    @GetMapping(path = "/api/v1/router/cases/{requestId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> one(@PathVariable String requestId, ServerWebExchange exchange) {
        LocalDate today = LocalDate.now(clock.withZone(UK));
        return blocking(() -> cases.find(requestId).<ResponseEntity<?>>map(c -> ResponseEntity.ok(view(c, today)))
                .orElseGet(() -> RegistryController.problem(RegistryController.notFound(requestId))));
    }

    @PostMapping(path = "/api/v1/router/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> rebuild(ServerWebExchange exchange) {
        return blocking(() -> {
            state.rebuild();
            return ResponseEntity.accepted().body(Map.of("rebuilding", true,
                    "detail", "the router folds its topics again; it answers 503 until it has caught up"));
        });
    }

    /**
     * Runs the task-at-risk check now, on the router's clock, through the use case the schedule
     * ({@code cases.kafka.TaskRiskSchedule}) calls too.
     */
    @PostMapping(path = "/api/v1/router/risk-check", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> riskCheck(ServerWebExchange exchange) {
        return blocking(() -> ResponseEntity.ok(Map.of("alertsRaised", cases.checkRisks(LocalDate.now(clock.withZone(UK))))));
    }

    private static CaseView view(CaseState c, LocalDate today) {
        boolean open = !c.finished() && !c.readyAnnounced() && !c.paused();
        List<TaskView> tasks = c.tasks.values().stream().map(t -> new TaskView(t.taskId, t.systemId,
                t.action == null ? null : t.action.name(), t.connector, t.outcome.name(), t.lastSafeDispatch,
                open && t.outcome != CaseState.Outcome.COMPLETED && t.lastSafeDispatch != null
                        && today.isAfter(t.lastSafeDispatch))).toList();
        return new CaseView(c.requestId, c.status().name(), c.right == null ? null : c.right.name(),
                c.receivingOrganisationId, c.controllerId, c.rule, c.receiverIsProcessor,
                c.forwardingMode == null ? null : c.forwardingMode.name(), c.receivedAt, c.clockStartsAt(),
                c.statutoryDeadline, c.extendedDeadline, c.targetDeadline, c.workingDeadline(), c.paused(), c.extended,
                tasks.stream().anyMatch(TaskView::atRisk), c.duplicateOf, c.lastRejection, c.externalCancellation,
                tasks);
    }

    public static Mono<ResponseEntity<?>> blocking(java.util.concurrent.Callable<ResponseEntity<?>> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
