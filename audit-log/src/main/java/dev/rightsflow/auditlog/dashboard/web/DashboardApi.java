package dev.rightsflow.auditlog.dashboard.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.auditlog.alerts.application.AlertScanner;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.application.DashboardStats;
import dev.rightsflow.auditlog.dashboard.application.StaffActions;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.auditlog.deadletters.DeadLetterStore;
import dev.rightsflow.auditlog.lanes.LaneView;

/**
 * The dashboard's JSON API ({@code /api/v1/dashboard/...}), for the pages' live updates and for
 * staff tools. Every answer is scoped to the signed-in member of staff's organisation.
 */
@RestController("auditLogDashboardApi")
@RequestMapping("/api/v1/dashboard")
public class DashboardApi {

    private final CaseQueries cases;
    private final StaffActions actions;
    private final DashboardStats stats;
    private final LiveCaseChanges live;
    private final DeadLetterStore deadLetters;
    private final AlertScanner alerts;
    private final ProjectionState state;
    private final Viewers viewers;
    private final LaneView lanes;
    private final Clock clock;

    public DashboardApi(CaseQueries cases, StaffActions actions, DashboardStats stats, LiveCaseChanges live,
            DeadLetterStore deadLetters, AlertScanner alerts,
            @org.springframework.beans.factory.annotation.Qualifier("auditLogProjectionState") ProjectionState state, Viewers viewers,
            LaneView lanes, @org.springframework.beans.factory.annotation.Qualifier("auditLogClock") Clock clock) {
        this.cases = cases;
        this.actions = actions;
        this.stats = stats;
        this.live = live;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
        this.state = state;
        this.viewers = viewers;
        this.lanes = lanes;
        this.clock = clock;
    }

    /**
     * The paused lanes of the viewer's organisation's systems (every lane for administrators): each
     * system whose vendor counts as down, why, since when and when it is tried next.
     */
    @GetMapping("/lanes")
    public List<PausedLane> lanes(Principal principal) {
        Instant now = clock.instant();
        return lanes.paused(viewers.of(principal)).stream().map(l -> new PausedLane(l.systemId(), l.lane(), l.connector(),
                l.organisationIds(), l.reason(), l.since(), l.nextTry(now), l.notice(now))).toList();
    }

    /** One paused lane as the API shows it; {@code notice} is the dashboard's sentence. */
    public record PausedLane(String systemId, String lane, String connector, List<String> organisationIds, String reason,
            Instant since, Instant nextTryAt, String notice) {
    }

    /**
     * One page of the cases, sorted by urgency: overdue, then at risk, then fewest days left. The
     * body is the page's cases (a JSON array, as before paging); {@code X-Total-Count} says how many
     * match in all and {@code Link} (RFC 8288) gives the first, previous, next and last pages with
     * the same filters. {@code page} counts from 1; {@code size} 1..500, default 50.
     */
    @GetMapping("/cases")
    public Mono<ResponseEntity<Object>> list(Principal principal, ServerWebExchange exchange,
            @RequestParam(required = false) String organisation,
            @RequestParam(required = false) String right, @RequestParam(required = false) String status,
            @RequestParam(required = false) String processor,
            @RequestParam(defaultValue = "true") boolean open, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "" + CaseQueries.DEFAULT_PAGE_SIZE) int size) {
        List<ActionCheck.FieldProblem> problems = CaseListPaging.problems(page, size);
        if (!problems.isEmpty()) {
            throw dev.rightsflow.schemas.api.ProblemException.invalid("The page or its size is out of range.",
                    problems.stream().map(f -> new dev.rightsflow.schemas.api.Problem.FieldError(f.field(), f.message()))
                            .toList());
        }
        return Mono.fromFuture(() -> cases.page(viewers.of(principal),
                new CaseQueries.Filter(organisation, right, status, processor, open), page, size)).map(p -> ResponseEntity.ok()
                        .header("X-Total-Count", String.valueOf(p.total()))
                        .header(HttpHeaders.LINK, CaseListPaging.linkHeader(exchange.getRequest().getPath().value(),
                                exchange.getRequest().getURI().getRawQuery(), p))
                        .body((Object) p.cases()));
    }

    @GetMapping("/cases/{requestId}")
    public Mono<ResponseEntity<Object>> one(Principal principal, @PathVariable String requestId) {
        return Mono.fromFuture(() -> cases.one(requestId, viewers.of(principal))).flatMap(Mono::justOrEmpty)
                .map(v -> ResponseEntity.ok((Object) v))
                .switchIfEmpty(Mono.fromSupplier(() -> Problems.notFound("No case " + requestId + " that you may see.")));
    }

    /**
     * Takes an action ({@code accept, refuse, ask-clarification, record-clarification, extend,
     * confirm-manual-task, resolve-triage, retry-task, confirm-identity, close}): 202 with the
     * command's id when published on CASE_COMMANDS, else a problem response and nothing published.
     */
    @PostMapping(path = "/cases/{requestId}/actions/{action}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> act(Principal principal, @PathVariable String requestId,
            @PathVariable String action, @RequestBody(required = false) ActionInput input) {
        StaffAction kind = StaffAction.ofPath(action).orElse(null);
        if (kind == null) {
            return Mono.fromSupplier(() -> Problems.notFound("No action " + action + "; one of "
                    + java.util.Arrays.stream(StaffAction.values()).map(StaffAction::path).toList()));
        }
        return Mono.fromFuture(() -> actions.take(requestId, kind, input == null ? ActionInput.empty() : input,
                viewers.of(principal))).flatMap(Mono::justOrEmpty)
                .map(outcome -> outcome.published()
                        ? ResponseEntity.accepted().body((Object) Map.of("commandId", outcome.commandId(),
                                "command", outcome.commandType(), "requestId", requestId))
                        : Problems.of(outcome.check()))
                .switchIfEmpty(Mono.fromSupplier(() -> Problems.notFound("No case " + requestId + " that you may see.")));
    }

    @GetMapping("/stats")
    public Mono<DashboardStats.Stats> stats(Principal principal) {
        return Mono.fromSupplier(() -> stats.of(viewers.of(principal)));
    }

    /** Dead letters of every service: topic, offset, exception class, request id; never the payload. Admins only. */
    @GetMapping("/dead-letters")
    public Mono<ResponseEntity<Object>> deadLetters(Principal principal) {
        if (!viewers.of(principal).admin()) {
            return Mono.just(Problems.adminsOnly("Dead letters span every organisation."));
        }
        return deadLetters.newestFirst().collectList().map(l -> ResponseEntity.ok((Object) l));
    }

    /**
     * Server-sent events: one {@code case-changed} event ({@code requestId}, {@code eventType}) per
     * change the viewer may see, fed from Kafka by the live listener; a comment every 15 s keeps
     * proxies from closing the stream.
     */
    @GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<Map<String, String>>> events(Principal principal) {
        Viewer viewer = viewers.of(principal);
        Flux<ServerSentEvent<Map<String, String>>> changes = live.changes()
                .filter(c -> viewer.admin() || c.organisations().contains(viewer.organisationId()))
                .map(c -> ServerSentEvent.<Map<String, String>>builder()
                        .event("case-changed")
                        .data(Map.of("requestId", c.requestId(), "eventType", c.eventType()))
                        .build());
        Flux<ServerSentEvent<Map<String, String>>> keepAlive = Flux.interval(Duration.ofSeconds(15))
                .map(i -> ServerSentEvent.<Map<String, String>>builder().comment("keep-alive").build());
        return Flux.merge(changes, keepAlive);
    }

    /** Checks every open case for deadline alerts now (admins). */
    @PostMapping("/alerts/scan")
    public Mono<ResponseEntity<Object>> scan(Principal principal) {
        if (!viewers.of(principal).admin()) {
            return Mono.just(Problems.adminsOnly("Alert scans are for administrators."));
        }
        return Mono.fromFuture(alerts::scan).map(raised -> ResponseEntity.ok((Object) Map.of("raised", raised)));
    }

    /**
     * Drops the case projection; the listeners fold the topics again (admins). audit-log answers
     * 503 with Retry-After until it has caught up.
     */
    @PostMapping("/rebuild")
    public Mono<ResponseEntity<Object>> rebuild(Principal principal) {
        if (!viewers.of(principal).admin()) {
            return Mono.just(Problems.adminsOnly("Rebuilds are for administrators."));
        }
        return Mono.fromRunnable(state::rebuild).subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.accepted().body((Object) Map.of("rebuilding", true)));
    }
}
