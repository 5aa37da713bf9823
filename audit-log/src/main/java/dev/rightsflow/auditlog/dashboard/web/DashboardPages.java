package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.CaseView;
import dev.rightsflow.auditlog.cases.model.CaseStatus;
import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.cases.model.TaskState;
import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.application.DashboardStats;
import dev.rightsflow.auditlog.dashboard.application.StaffActions;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ActionRules;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.auditlog.deadletters.DeadLetter;
import dev.rightsflow.auditlog.deadletters.DeadLetterStore;
import dev.rightsflow.auditlog.lanes.LaneView;
import dev.rightsflow.auditlog.lanes.model.LaneState;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.trail.web.AuditExportPage;

/**
 * The compliance dashboard's pages ({@code /dashboard/...}), server-rendered. The case list and the
 * case page listen to {@code /api/v1/dashboard/events} and re-fetch their changing part when a case
 * they show changes, so staff see updates without reloading.
 */
@RestController("auditLogDashboardPages")
public class DashboardPages {

    private final CaseQueries cases;
    private final StaffActions actions;
    private final DashboardStats stats;
    private final AuditTrail trail;
    private final RegistryView registry;
    private final DeadLetterStore deadLetters;
    private final Viewers viewers;
    private final LaneView lanes;
    private final Clock clock;

    public DashboardPages(CaseQueries cases, StaffActions actions, DashboardStats stats, AuditTrail trail,
            RegistryView registry, DeadLetterStore deadLetters, Viewers viewers, LaneView lanes,
            @Qualifier("auditLogClock") Clock clock) {
        this.cases = cases;
        this.actions = actions;
        this.stats = stats;
        this.trail = trail;
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.viewers = viewers;
        this.lanes = lanes;
        this.clock = clock;
    }

    @GetMapping(path = "/dashboard/login", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> login(ServerWebExchange exchange) {
        boolean error = exchange.getRequest().getQueryParams().containsKey("error");
        boolean out = exchange.getRequest().getQueryParams().containsKey("signedOut");
        String body = "<h1>Sign in</h1>"
                + (error ? "<p class=\"message error\" id=\"login-error\">The user name or password is wrong.</p>" : "")
                + (out ? "<p class=\"message ok\">You are signed out.</p>" : "")
                + "<form method=\"post\" action=\"/dashboard/login\" style=\"max-width:320px\">" + Html.CSRF_PLACEHOLDER
                + "<p><label>User name<br><input name=\"username\" id=\"username\" autocomplete=\"username\" required></label></p>"
                + "<p><label>Password<br><input type=\"password\" name=\"password\" id=\"password\" "
                + "autocomplete=\"current-password\" required></label></p>"
                + "<p><button type=\"submit\" id=\"sign-in\">Sign in</button></p></form>"
                + "<p class=\"muted\">Embedded demo: users <code>demo-mes</code>, <code>demo-ecs</code>, "
                + "<code>demo-me-group</code>, <code>demo-empower</code>, <code>demo-rip</code>, "
                + "<code>demo-northshire</code>, <code>demo-admin</code>; password <code>demo-password</code>. "
                + "DEMO ONLY: switch off with rightsflow.audit-log.demo-users=false.</p>";
        return withCsrf(exchange, Html.page("Sign in", null, body, null));
    }

    @GetMapping(path = {"/dashboard", "/dashboard/"}, produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> list(Principal principal, ServerWebExchange exchange,
            @RequestParam(required = false) String organisation, @RequestParam(required = false) String right,
            @RequestParam(required = false) String status, @RequestParam(required = false) String processor,
            @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "" + CaseQueries.DEFAULT_PAGE_SIZE) int size) {
        Viewer viewer = viewers.of(principal);
        CaseQueries.Filter filter = new CaseQueries.Filter(organisation, right, status, processor, true);
        return Mono.zip(cases.page(viewer, filter, CaseListPaging.pageWithin(page), CaseListPaging.sizeWithin(size)),
                stats.of(viewer)).flatMap(t -> {
            DashboardStats.Stats s = t.getT2();
            String query = exchange.getRequest().getURI().getRawQuery();
            StringBuilder b = new StringBuilder("<h1>Open cases<span id=\"live-status\">live</span></h1>");
            b.append(pausedLanes(lanes.paused(viewer)));
            b.append("<div class=\"cards\"><div class=\"card\">Open<b id=\"count-open\">").append(s.open())
                    .append("</b></div><div class=\"card\">Overdue<b>").append(s.overdue())
                    .append("</b></div><div class=\"card\">At risk<b>").append(s.atRisk())
                    .append("</b></div><div class=\"card\">Answered on time<b>")
                    .append(s.onTimeRate() == null ? "–" : s.onTimeRate() + "%")
                    .append("</b></div><div class=\"card\">Median days to close<b>")
                    .append(s.medianDaysToClose() == null ? "–" : s.medianDaysToClose()).append("</b></div></div>");
            b.append(LogRequestPage.link());
            b.append(filters(viewer, filter));
            b.append("<table id=\"cases\"><thead><tr><th>Request</th><th>Right</th><th>Status</th><th>Controller</th>")
                    .append("<th>Processors</th><th>Received</th><th>Statutory deadline</th><th>Days left</th>")
                    .append("<th>Own target</th></tr></thead><tbody id=\"case-rows\">").append(rows(t.getT1().cases()))
                    .append("</tbody></table>")
                    .append(CaseListPaging.pager("/dashboard", query, t.getT1()));
            b.append("<h2>Charts</h2><div class=\"charts\"><div class=\"chart\">")
                    .append(Html.barChart("Cases received per week", s.casesByWeek(), null))
                    .append("</div><div class=\"chart\">").append(Html.ring("Answered on time", s.onTimeRate()))
                    .append("</div><div class=\"chart\">")
                    .append(Html.barChart("Median days to close", s.medianDaysToClose() == null ? Map.of()
                            : Map.of("all closed cases", s.medianDaysToClose()), " days"))
                    .append("</div><div class=\"chart\">")
                    .append(Html.barChart("Tasks failing per connector", s.failingByConnector(), null))
                    .append("</div></div>");
            String script = liveScript("/dashboard/fragments/cases" + (query == null ? "" : "?" + query), "case-rows",
                    null);
            return withCsrf(exchange, Html.page("Cases", viewers.label(principal), b.toString(), script));
        });
    }

    /** The rows of the case list, for live refresh. */
    @GetMapping(path = "/dashboard/fragments/cases", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> rowsFragment(Principal principal, @RequestParam(required = false) String organisation,
            @RequestParam(required = false) String right, @RequestParam(required = false) String status,
            @RequestParam(required = false) String processor, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "" + CaseQueries.DEFAULT_PAGE_SIZE) int size) {
        return cases.page(viewers.of(principal), new CaseQueries.Filter(organisation, right, status, processor, true),
                CaseListPaging.pageWithin(page), CaseListPaging.sizeWithin(size)).map(p -> rows(p.cases()));
    }

    @GetMapping(path = "/dashboard/cases/{requestId}", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> casePage(Principal principal, ServerWebExchange exchange,
            @PathVariable String requestId, @RequestParam(required = false) String done) {
        String message = done == null ? null
                : "<p class=\"message ok\" id=\"action-message\">" + esc(done)
                        + " sent. The case changes here when the responsible service has acted on it.</p>";
        return renderCase(principal, exchange, requestId, message, HttpStatus.OK);
    }

    @GetMapping(path = "/dashboard/cases/{requestId}/fragment", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> caseFragment(Principal principal, ServerWebExchange exchange,
            @PathVariable String requestId) {
        Viewer viewer = viewers.of(principal);
        return cases.one(requestId, viewer)
                .flatMap(view -> trail.entries(requestId).flatMap(entries ->
                        withCsrf(exchange, caseBody(view, entries, viewer))))
                .map(html -> ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html))
                .defaultIfEmpty(ResponseEntity.notFound().build());
    }

    /** A form post of one action: on success back to the case page, else the page with the reason. */
    @PostMapping(path = "/dashboard/cases/{requestId}/actions/{action}", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> act(Principal principal, ServerWebExchange exchange,
            @PathVariable String requestId, @PathVariable String action) {
        StaffAction kind = StaffAction.ofPath(action).orElse(null);
        if (kind == null) {
            return renderCase(principal, exchange, requestId, error("There is no action " + action + "."),
                    HttpStatus.NOT_FOUND);
        }
        return exchange.getFormData().flatMap(form -> actions.take(requestId, kind, input(form), viewers.of(principal))
                .flatMap(outcome -> {
                    if (outcome.published()) {
                        URI back = URI.create("/dashboard/cases/" + requestId + "?done="
                                + URLEncoder.encode(kind.label(), StandardCharsets.UTF_8));
                        return Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).<String>build());
                    }
                    ActionCheck check = outcome.check();
                    String msg = esc(check.detail()) + (check.fields().isEmpty() ? "" : "<ul>" + check.fields().stream()
                            .map(f -> "<li><b>" + esc(f.field()) + "</b>: " + esc(f.message()) + "</li>")
                            .collect(Collectors.joining()) + "</ul>");
                    HttpStatus status = switch (check.kind()) {
                        case INVALID -> HttpStatus.BAD_REQUEST;
                        case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
                        case FORBIDDEN -> HttpStatus.FORBIDDEN;
                        default -> HttpStatus.CONFLICT;
                    };
                    return renderCase(principal, exchange, requestId,
                            "<div class=\"message error\" id=\"action-message\">" + esc(kind.label()) + ": " + msg
                                    + " Nothing was sent.</div>", status);
                })
                .switchIfEmpty(Mono.defer(() -> renderCase(principal, exchange, requestId, null, HttpStatus.NOT_FOUND))));
    }

    /**
     * Failures: the failed tasks of the viewer's cases (from {@code TaskFailed}: system, action,
     * attempts, reason, with a link to retry on the case page) and, for administrators, the dead
     * letters of every service (topic, offset, exception class; never the content).
     */
    @GetMapping(path = "/dashboard/dead-letters", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> deadLetterPage(Principal principal, ServerWebExchange exchange) {
        Viewer viewer = viewers.of(principal);
        Mono<List<DeadLetter>> letters = viewer.admin() ? deadLetters.newestFirst().collectList() : Mono.just(List.of());
        Mono<List<CaseView>> mine = cases.list(viewer, new CaseQueries.Filter(null, null, null, null, false)).collectList();
        return Mono.zip(letters, mine).flatMap(t -> {
            StringBuilder b = new StringBuilder("<h1>Failures</h1><h2>Failed tasks</h2><table id=\"failed-tasks\"><thead>")
                    .append("<tr><th>Request</th><th>System</th><th>Action</th><th>Connector</th><th>Attempts</th>")
                    .append("<th>Reason</th></tr></thead><tbody>");
            int failed = 0;
            for (CaseView v : t.getT2()) {
                for (CaseTask task : v.file().tasks) {
                    if (task.state != TaskState.FAILED) {
                        continue;
                    }
                    failed++;
                    b.append("<tr><td><a href=\"/dashboard/cases/").append(esc(v.file().requestId)).append("\">")
                            .append(esc(v.file().requestId)).append("</a></td><td>").append(esc(task.systemId))
                            .append("</td><td>").append(esc(task.action)).append("</td><td>").append(esc(task.connector))
                            .append("</td><td>").append(task.attempts).append("</td><td>").append(esc(task.lastReason))
                            .append("</td></tr>");
                }
            }
            if (failed == 0) {
                b.append("<tr><td colspan=\"6\">No failed tasks.</td></tr>");
            }
            b.append("</tbody></table>");
            if (viewer.admin()) {
                b.append("<h2>Dead letters</h2><p class=\"muted\">Records a service could not process. Only where ")
                        .append("and why are shown, never the content.</p><table id=\"dead-letters\"><thead><tr>")
                        .append("<th>Dead-letter topic</th><th>Offset</th><th>Original topic</th><th>Original offset</th>")
                        .append("<th>Exception</th><th>Request</th><th>When</th></tr></thead><tbody>");
                t.getT1().forEach(d -> b.append("<tr><td>").append(esc(d.topic())).append("</td><td>").append(d.offset())
                        .append("</td><td>").append(esc(d.originalTopic())).append("</td><td>")
                        .append(esc(d.originalOffset())).append("</td><td><code>").append(esc(d.exceptionClass()))
                        .append("</code></td><td>").append(d.requestId() == null ? "" : "<a href=\"/dashboard/cases/"
                                + esc(d.requestId()) + "\">" + esc(d.requestId()) + "</a>")
                        .append("</td><td>").append(esc(d.at())).append("</td></tr>"));
                if (t.getT1().isEmpty()) {
                    b.append("<tr><td colspan=\"7\">No dead letters.</td></tr>");
                }
                b.append("</tbody></table>");
            } else {
                b.append("<p class=\"muted\">Dead letters of the services span every organisation: a platform ")
                        .append("administrator sees them here.</p>");
            }
            return withCsrf(exchange, Html.page("Failures", viewers.label(principal), b.toString(), null));
        });
    }

    private Mono<ResponseEntity<String>> renderCase(Principal principal, ServerWebExchange exchange, String requestId,
            String message, HttpStatus status) {
        Viewer viewer = viewers.of(principal);
        return cases.one(requestId, viewer)
                .flatMap(view -> trail.entries(requestId).flatMap(entries -> {
                    String body = (message == null ? "" : message) + "<div id=\"case\">" + caseBody(view, entries, viewer)
                            + "</div>";
                    String script = liveScript("/dashboard/cases/" + requestId + "/fragment", "case", requestId);
                    return withCsrf(exchange, Html.page("Case " + requestId, viewers.label(principal), body, script));
                }))
                .map(html -> ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html))
                .switchIfEmpty(Mono.defer(() -> withCsrf(exchange, Html.page("Not found", viewers.label(principal),
                        "<h1>No such case</h1><p>There is no case " + esc(requestId)
                                + " that you may see.</p><p><a href=\"/dashboard\">Back to the cases</a></p>", null))
                        .map(html -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                                .body(html))));
    }

    /**
     * The notice of paused lanes: one line per system whose vendor counts as down, so its tasks wait
     * without using attempts ("Paused: system — reason, since time, next try time").
     */
    private String pausedLanes(List<LaneState> paused) {
        if (paused.isEmpty()) {
            return "";
        }
        Instant now = clock.instant();
        StringBuilder b = new StringBuilder("<div class=\"message error\" id=\"paused-lanes\">");
        paused.forEach(lane -> b.append("<p class=\"paused-lane\" data-system=\"").append(esc(lane.systemId())).append("\">")
                .append(esc(lane.notice(now))).append("</p>"));
        return b.append("<p class=\"muted\">Their tasks wait without using attempts and go on by themselves when the ")
                .append("vendor answers; a task whose deadline comes at risk is listed under Failures.</p></div>").toString();
    }

    /** A task still to run whose system is paused waits for its vendor; it is not being retried. */
    private String taskState(CaseTask t) {
        if (waiting(t.state) && lanes.pausedSystem(t.systemId).isPresent()) {
            return "WAITING <span class=\"badge amber\">vendor paused</span>";
        }
        return esc(t.state);
    }

    private static boolean waiting(TaskState state) {
        return state == TaskState.RETRYING || state == TaskState.DISPATCHED;
    }

    private String caseBody(CaseView view, List<AuditEntry> entries, Viewer viewer) {
        var f = view.file();
        var d = view.deadline();
        StringBuilder b = new StringBuilder();
        b.append("<h1>Request <code>").append(esc(f.requestId)).append("</code> ").append(statusBadge(view))
                .append("<span id=\"live-status\">live</span></h1>");
        b.append("<table><tr><th>Right</th><td id=\"case-right\">").append(esc(f.right)).append("</td><th>Status</th><td id=\"case-status\">")
                .append(esc(f.status)).append("</td><th>Controller</th><td>").append(esc(view.controllerName()))
                .append(f.controllerRule == null ? "" : "<br><span class=\"muted\">" + esc(f.controllerRule) + "</span>")
                .append("</td></tr><tr><th>Received by</th><td>").append(esc(registry.name(f.receivingOrganisationId)))
                .append(" (").append(esc(f.channel)).append(")</td><th>Processors involved</th><td>")
                .append(esc(String.join(", ", view.processorNames()))).append("</td><th>Identity</th><td>")
                .append(esc(f.verification)).append(f.identityVerifiedAt == null ? "" : ", verified " + esc(f.identityVerifiedAt))
                .append("</td></tr></table>").append(LogRequestPage.originalLink(f.requestId, f.channel));
        b.append("<h2>Deadline</h2><table><tr><th>Statutory deadline</th><td id=\"case-deadline\">")
                .append(d.statutoryDue() == null ? "clock stopped (awaiting clarification)" : esc(d.statutoryDue()))
                .append(d.extended() ? " <span class=\"badge\">extended</span>" : "")
                .append(d.warning() != null && d.warning().startsWith(dev.rightsflow.auditlog.cases.model.CaseDeadline.PROVISIONAL_PREFIX)
                        ? " <span class=\"badge\">provisional</span>" : "")
                .append("</td><th>Days left</th><td id=\"case-days-left\">").append(d.daysLeft() == null ? "–" : d.daysLeft())
                .append(d.workingDaysLeft() == null ? "" : " (" + d.workingDaysLeft() + " working days)")
                .append("</td><th>Clock start</th><td>").append(esc(d.clockStart())).append("</td></tr><tr><th>End of month one</th><td>")
                .append(esc(d.monthOneDue())).append(d.extensionAllowed() ? " (extension still possible)" : "")
                .append("</td><th>Division</th><td>").append(esc(d.division())).append("</td><th>Own targets</th><td>")
                .append(d.targets().stream().map(t -> esc(t.regime() + " " + t.kind() + ": " + t.due()) + (t.missed() ? " (missed)" : ""))
                        .collect(Collectors.joining("<br>")))
                .append("</td></tr></table>");
        if (!d.steps().isEmpty()) {
            b.append("<details><summary>How the deadline was worked out</summary><ol>");
            d.steps().forEach(s -> b.append("<li>").append(esc(s)).append("</li>"));
            b.append("</ol></details>");
        }
        if (d.warning() != null) {
            b.append("<p class=\"message error\">").append(esc(d.warning())).append("</p>");
        }
        if (!f.pauses.isEmpty()) {
            b.append("<p>Clock stopped: ").append(f.pauses.stream().map(p -> esc(p.from()) + " to "
                    + (p.to() == null ? "now" : esc(p.to()))).collect(Collectors.joining(", "))).append("</p>");
        }
        if (f.rejectedCommand != null) {
            b.append("<p class=\"message error\" id=\"rejection\">").append(esc(f.rejectedCommand))
                    .append(" was not applied (").append(esc(f.rejectedAt)).append("): ").append(esc(f.rejectionReason))
                    .append("</p>");
        }
        if (f.triageReason != null) {
            b.append("<p class=\"message error\">In triage: ").append(esc(f.triageReason)).append(". Candidates: ")
                    .append(esc(String.join(", ", f.triageCandidates))).append("</p>");
        }
        b.append(pausedLanes(f.tasks.stream().filter(t -> waiting(t.state)).map(t -> t.systemId).distinct()
                .flatMap(system -> lanes.pausedSystem(system).stream()).toList()));
        b.append("<h2>Tasks</h2><table id=\"tasks\"><thead><tr><th>Task</th><th>System</th><th>Action</th><th>Connector</th>")
                .append("<th>State</th><th>Attempts</th><th>Last safe dispatch</th><th>Note</th></tr></thead><tbody>");
        for (CaseTask t : f.tasks) {
            boolean risk = view.tasksAtRisk().contains(t);
            b.append("<tr").append(risk ? " class=\"atrisk\"" : "").append("><td><code>").append(esc(t.taskId))
                    .append("</code></td><td>").append(esc(t.systemId)).append("</td><td>").append(esc(t.action))
                    .append("</td><td>").append(esc(t.connector)).append("</td><td class=\"task-state\">").append(taskState(t))
                    .append("</td><td>").append(t.attempts).append("</td><td>").append(esc(t.lastSafeDispatch))
                    .append(risk ? " <span class=\"badge amber\">at risk</span>" : "").append("</td><td>")
                    .append(esc(t.state == TaskState.NEEDS_PERSON ? t.instructions : t.lastReason)).append("</td></tr>");
        }
        if (f.tasks.isEmpty()) {
            b.append("<tr><td colspan=\"8\">No tasks yet.</td></tr>");
        }
        b.append("</tbody></table>");
        if (f.exemptions > 0 || !f.signposts.isEmpty()) {
            b.append("<p>").append(f.exemptions).append(" exemption(s) recorded (Art 17(3)). Signposted to: ")
                    .append(esc(String.join(", ", f.signposts))).append("</p>");
        }
        b.append("<h2>Actions</h2>").append(actionForms(view, viewer));
        b.append("<h2>Timeline</h2><p><a href=\"/api/v1/audit/").append(esc(f.requestId))
                .append("/export.html\">Printable audit record</a> · <a href=\"/api/v1/audit/").append(esc(f.requestId))
                .append("/export.pdf\" id=\"export-pdf\">PDF</a> · <a href=\"/api/v1/audit/").append(esc(f.requestId))
                .append("/export\">JSON export</a> · <a href=\"/api/v1/audit/").append(esc(f.requestId))
                .append("/verification\">Verify the chain</a></p><table id=\"timeline\"><thead><tr><th>#</th><th>When</th>")
                .append("<th>Event</th><th>Who</th><th>Details</th><th>Deadline then</th></tr></thead><tbody>");
        for (int i = entries.size() - 1; i >= 0; i--) {
            AuditEntry e = entries.get(i);
            b.append("<tr><td>").append(e.sequence()).append("</td><td>").append(esc(e.occurredAt()))
                    .append("</td><td>").append(esc(e.sourceEventType())).append("</td><td>").append(esc(e.actorType()))
                    .append(" ").append(esc(e.actorId())).append("</td><td>").append(esc(AuditExportPage.describe(e)))
                    .append("</td><td>").append(esc(e.deadline())).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    private String actionForms(CaseView view, Viewer viewer) {
        Set<String> known = registry.all().stream().map(Organisation::id).collect(Collectors.toSet());
        StringBuilder b = new StringBuilder("<div class=\"actions\">");
        String base = "/dashboard/cases/" + esc(view.file().requestId) + "/actions/";
        for (StaffAction action : StaffAction.values()) {
            if (action == StaffAction.CONFIRM_MANUAL_TASK || action == StaffAction.RETRY_TASK) {
                for (CaseTask t : view.file().tasks) {
                    ActionInput probe = new ActionInput(null, null, null, null, t.taskId, "x", true, null, null, null, null);
                    if (ActionRules.check(action, probe, view.file(), view.deadline(), viewer, known).passed()) {
                        b.append(form(base, action, t, view));
                    }
                }
                continue;
            }
            ActionCheck probe = ActionRules.check(action, filled(known), view.file(), view.deadline(), viewer, known);
            if (probe.passed()) {
                b.append(form(base, action, null, view));
            }
        }
        return b.append("</div>").toString();
    }

    /**
     * An input where every field is set, to ask the rules whether the action fits the case at all;
     * the controller is one the registry knows, so that resolving a triage is offered, and a right is
     * chosen, as a triage of a request that named none (a mail) needs.
     */
    private static ActionInput filled(Set<String> known) {
        return new ActionInput("x", "x", "x", "x", null, "x", true, known.stream().findFirst().orElse(null), null,
                "x", "x", "access", null);
    }

    /** The case's right UNKNOWN (a mail that named none) adds the choice of right to the triage form. */
    private String form(String base, StaffAction action, CaseTask task, CaseView view) {
        String right = view.file().right;
        if (action == StaffAction.CONFIRM_MANUAL_TASK && task != null) {
            return ManualTaskConfirmation.form(base.substring("/dashboard/cases/".length(), base.length() - "/actions/".length()), task);
        }
        StringBuilder b = new StringBuilder("<form method=\"post\" id=\"action-").append(action.path())
                .append(task == null ? "" : "-" + esc(task.taskId)).append("\" action=\"").append(base)
                .append(action.path()).append("\">").append(Html.CSRF_PLACEHOLDER).append("<strong>")
                .append(esc(action.label())).append(task == null ? "" : " · " + esc(task.systemId)).append("</strong><br>");
        if (task != null) {
            b.append("<input type=\"hidden\" name=\"taskId\" value=\"").append(esc(task.taskId)).append("\">");
        }
        switch (action) {
            case REFUSE -> b.append(select("ground", List.of("manifestly unfounded", "manifestly excessive")))
                    .append(area("reason", "Reasons (sent to the subject with the right to complain to the ICO)"));
            case ASK_CLARIFICATION -> b.append(area("question", "What needs clarifying (stops the clock, Art 12A)"));
            case RECORD_CLARIFICATION -> b.append(area("note", "Note (optional)"));
            case EXTEND -> b.append(area("reason", "Why the request is complex or numerous (told to the subject)"));
            case CONFIRM_MANUAL_TASK -> b.append(select("subjectFound", List.of("true", "false")))
                    .append(area("evidence", "What was done, and where (evidence)"));
            case RESOLVE_TRIAGE -> b.append(select("controllerId", new TreeSet<>(registry.all().stream()
                    .map(Organisation::id).toList()).stream().toList()))
                    .append("UNKNOWN".equals(right) ? select("right", List.of("access", "rectification",
                            "erasure", "restriction", "objection", "portability", "consent_withdrawal")) : "")
                    .append(area("note", "Why this organisation is the controller"))
                    .append(ConsentTriageFields.of(view.file(), registry));
            case CONFIRM_IDENTITY -> b.append(area("evidence", "Identity evidence checked (describe it; do not upload it)"));
            case CLOSE -> b.append(select("outcome", List.of("answered", "partially answered", "withdrawn", "no data held")))
                    .append(area("summary", "Summary of the answer sent"));
            case WITHDRAW -> b.append(area("reason", "Why it is withdrawn (required; the subject sees it). Open tasks are "
                    + "cancelled; work already done, such as an erasure, is not undone"));
            default -> {
            }
        }
        return b.append("<button type=\"submit\">").append(esc(action.label())).append("</button></form>").toString();
    }

    private static String area(String name, String label) {
        return "<label>" + esc(label) + "<textarea name=\"" + name + "\" rows=\"2\"></textarea></label>";
    }

    private static String select(String name, List<String> options) {
        return "<label>" + esc(name) + "<select name=\"" + name + "\">" + options.stream()
                .map(o -> "<option value=\"" + esc(o) + "\">" + esc(o) + "</option>").collect(Collectors.joining())
                + "</select></label>";
    }

    private String rows(List<CaseView> views) {
        StringBuilder b = new StringBuilder();
        for (CaseView v : views) {
            var f = v.file();
            var d = v.deadline();
            String own = d.targets().stream().filter(t -> "respond".equals(t.kind()) || "respond-extended".equals(t.kind()))
                    .map(t -> t.regime() + " " + t.due() + (t.missed() ? " (missed)" : "")).collect(Collectors.joining(", "));
            b.append("<tr class=\"case-row").append(d.overdue() ? " overdue" : v.atRisk() ? " atrisk" : "")
                    .append("\" data-request-id=\"").append(esc(f.requestId)).append("\"><td><a href=\"/dashboard/cases/")
                    .append(esc(f.requestId)).append("\"><code>").append(esc(f.requestId)).append("</code></a></td><td>")
                    .append(esc(f.right)).append("</td><td class=\"status\">").append(esc(f.status)).append("</td><td>")
                    .append(esc(v.controllerName())).append("</td><td>").append(esc(String.join(", ", v.processorNames())))
                    .append("</td><td>").append(esc(f.receivedAt == null ? "" : dev.rightsflow.auditlog.cases.model.CaseFile.ukDate(f.receivedAt)))
                    .append(LogRequestPage.channelNote(f.channel))
                    .append("</td><td class=\"deadline\">").append(d.statutoryDue() == null ? "clock stopped" : esc(d.statutoryDue()))
                    .append(d.extended() ? " (extended)" : "")
                    .append(d.warning() != null && d.warning().startsWith(dev.rightsflow.auditlog.cases.model.CaseDeadline.PROVISIONAL_PREFIX)
                            ? " (provisional)" : "")
                    .append("</td><td class=\"days-left\">")
                    .append(d.daysLeft() == null ? "–" : d.daysLeft()).append(" ").append(statusBadge(v))
                    .append("</td><td>").append(esc(own)).append("</td></tr>");
        }
        if (views.isEmpty()) {
            b.append("<tr><td colspan=\"9\">No open cases match.</td></tr>");
        }
        return b.toString();
    }

    private static String statusBadge(CaseView v) {
        if (v.deadline().overdue()) {
            return "<span class=\"badge red\">overdue</span>";
        }
        if (v.atRisk()) {
            return "<span class=\"badge amber\">at risk</span>";
        }
        if (v.file().status == CaseStatus.PAUSED) {
            return "<span class=\"badge\">paused</span>";
        }
        return "";
    }

    private String filters(Viewer viewer, CaseQueries.Filter filter) {
        List<String> orgs = registry.all().stream().map(Organisation::id).sorted().toList();
        return "<form class=\"filters\" method=\"get\" action=\"/dashboard\">"
                + filterSelect("organisation", "Organisation", viewer.admin() ? orgs : List.of(viewer.organisationId()),
                        filter.organisation())
                + filterSelect("right", "Right", List.of("ACCESS", "RECTIFICATION", "ERASURE", "RESTRICTION", "OBJECTION",
                        "PORTABILITY", "CONSENT_WITHDRAWAL"), filter.right())
                + filterSelect("status", "Status", java.util.Arrays.stream(CaseStatus.values()).filter(CaseStatus::open)
                        .map(Enum::name).toList(), filter.status())
                + filterSelect("processor", "Processor", orgs, filter.processor())
                + "<button type=\"submit\">Filter</button> <a href=\"/dashboard\">clear</a></form>";
    }

    private static String filterSelect(String name, String label, List<String> options, String selected) {
        return "<label>" + esc(label) + " <select name=\"" + name + "\"><option value=\"\">any</option>"
                + options.stream().map(o -> "<option value=\"" + esc(o) + "\"" + (o.equals(selected) ? " selected" : "")
                        + ">" + esc(o) + "</option>").collect(Collectors.joining())
                + "</select></label>";
    }

    /**
     * The attributes that switch the live-update script ({@link Html#LIVE_SCRIPT}) on: on each
     * {@code case-changed} server-sent event (only for {@code requestId} when given) it re-fetches
     * {@code fragmentUrl} into {@code targetId} and says what changed in {@code #live-status}.
     */
    private static String liveScript(String fragmentUrl, String targetId, String requestId) {
        return Html.live(fragmentUrl, targetId, requestId);
    }

    private static ActionInput input(MultiValueMap<String, String> form) {
        String subjectFound = form.getFirst("subjectFound");
        return new ActionInput(form.getFirst("reason"), form.getFirst("ground"), form.getFirst("question"),
                form.getFirst("note"), form.getFirst("taskId"), form.getFirst("evidence"),
                subjectFound == null ? null : Boolean.valueOf(subjectFound), form.getFirst("controllerId"),
                form.getFirst("serviceId"), form.getFirst("outcome"), form.getFirst("summary"), form.getFirst("right"),
                form.get("consentPurposes"));
    }

    private static String error(String text) {
        return "<p class=\"message error\" id=\"action-message\">" + esc(text) + "</p>";
    }

    /** Puts the request's CSRF token into every form of the page. */
    static Mono<String> withCsrf(ServerWebExchange exchange, String html) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        if (token == null) {
            return Mono.just(html.replace(Html.CSRF_PLACEHOLDER, ""));
        }
        return token.map(t -> html.replace(Html.CSRF_PLACEHOLDER, "<input type=\"hidden\" name=\"" + esc(t.getParameterName())
                + "\" value=\"" + esc(t.getToken()) + "\">")).defaultIfEmpty(html.replace(Html.CSRF_PLACEHOLDER, ""));
    }
}
