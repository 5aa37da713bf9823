package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The compliance dashboard's pages ({@code /dashboard/...}), rendered from JMustache templates
 * ({@code classpath:/dashboard/templates}, {@link DashboardTemplates}) with every value in words
 * ({@link Labels}, {@link CaseWords}). The case list and the case page listen to
 * {@code /api/v1/dashboard/events} and re-fetch their changing parts when a case they show changes, so staff
 * see updates without reloading; the case page's forms are left as staff are filling them in.
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
    private final CaseWords words;
    private final CasePage casePage;

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
        this.words = new CaseWords(registry);
        this.casePage = new CasePage(words, lanes);
    }

    @GetMapping(path = "/dashboard/login", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> login(ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        String body = DashboardTemplates.render("login", Map.of("error", query.containsKey("error"),
                "signedOut", query.containsKey("signedOut")));
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
        return Mono.zip(Mono.fromFuture(() -> cases.page(viewer, filter, CaseListPaging.pageWithin(page),
                CaseListPaging.sizeWithin(size))), Mono.fromSupplier(() -> stats.of(viewer))).flatMap(t -> {
            DashboardStats.Stats s = t.getT2();
            String query = exchange.getRequest().getURI().getRawQuery();
            Map<String, Object> model = new HashMap<>();
            model.put("paused", pausedLanes(lanes.paused(viewer)));
            model.put("stats", s);
            model.put("onTimeRate", s.onTimeRate() == null ? "–" : s.onTimeRate() + "%");
            model.put("medianDays", s.medianDaysToClose() == null ? "–" : s.medianDaysToClose());
            model.put("logRequestLink", LogRequestPage.link());
            model.put("filters", filters(viewer, filter));
            model.put("rows", rows(t.getT1().cases()));
            model.put("pager", CaseListPaging.pager("/dashboard", query, t.getT1()));
            model.put("charts", List.of(Html.barChart("Cases received per week", s.casesByWeek(), null),
                    Html.ring("Answered on time", s.onTimeRate()),
                    Html.barChart("Median days to close", s.medianDaysToClose() == null ? Map.of()
                            : Map.of("all closed cases", s.medianDaysToClose()), " days"),
                    Html.barChart("Tasks failing per connector", s.failingByConnector(), null)));
            Html.Live live = new Html.Live("/dashboard/fragments/cases" + (query == null ? "" : "?" + query), "case-rows",
                    null);
            return withCsrf(exchange, Html.page("Cases", viewers.label(principal), DashboardTemplates.render("cases", model),
                    live));
        });
    }

    /** The rows of the case list, for live refresh. */
    @GetMapping(path = "/dashboard/fragments/cases", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> rowsFragment(Principal principal, @RequestParam(required = false) String organisation,
            @RequestParam(required = false) String right, @RequestParam(required = false) String status,
            @RequestParam(required = false) String processor, @RequestParam(defaultValue = "1") int page,
            @RequestParam(defaultValue = "" + CaseQueries.DEFAULT_PAGE_SIZE) int size) {
        return Mono.fromFuture(() -> cases.page(viewers.of(principal),
                new CaseQueries.Filter(organisation, right, status, processor, true), CaseListPaging.pageWithin(page),
                CaseListPaging.sizeWithin(size))).map(p -> DashboardTemplates.render("case-rows", Map.of("rows", rows(p.cases()))));
    }

    @GetMapping(path = "/dashboard/cases/{requestId}", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> casePage(Principal principal, ServerWebExchange exchange,
            @PathVariable String requestId, @RequestParam(required = false) String done) {
        String message = done == null ? null
                : "<p class=\"message ok\" id=\"action-message\" role=\"status\">" + esc(done)
                        + " sent. The case changes here when the responsible service has acted on it.</p>";
        return renderCase(principal, exchange, requestId, message, HttpStatus.OK);
    }

    @GetMapping(path = "/dashboard/cases/{requestId}/fragment", produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> caseFragment(Principal principal, ServerWebExchange exchange,
            @PathVariable String requestId) {
        Viewer viewer = viewers.of(principal);
        return Mono.fromFuture(() -> cases.one(requestId, viewer)).flatMap(Mono::justOrEmpty)
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
        return exchange.getFormData().flatMap(form -> Mono.fromFuture(() -> actions.take(requestId, kind, input(form),
                viewers.of(principal))).flatMap(Mono::justOrEmpty)
                .flatMap(outcome -> {
                    if (outcome.published()) {
                        URI back = URI.create("/dashboard/cases/" + requestId + "?done="
                                + URLEncoder.encode(kind.label(), StandardCharsets.UTF_8));
                        return Mono.just(ResponseEntity.status(HttpStatus.SEE_OTHER).location(back).<String>build());
                    }
                    ActionCheck check = outcome.check();
                    String msg = esc(check.detail()) + (check.fields().isEmpty() ? "" : "<ul>" + check.fields().stream()
                            .map(f -> "<li><b>" + esc(CaseWords.words(f.field())) + "</b>: " + esc(f.message()) + "</li>")
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
        Mono<List<CaseView>> mine = Mono.fromFuture(() -> cases.list(viewer,
                new CaseQueries.Filter(null, null, null, null, false)));
        return Mono.zip(letters, mine).flatMap(t -> {
            List<FailedTask> failed = new ArrayList<>();
            for (CaseView v : t.getT2()) {
                for (CaseTask task : v.file().tasks) {
                    if (task.state == TaskState.FAILED) {
                        failed.add(new FailedTask(v.file().requestId, words.summary(v), words.system(task.systemId),
                                Labels.taskAction(task.action), task.connector, task.attempts, task.lastReason));
                    }
                }
            }
            Map<String, Object> model = new HashMap<>();
            model.put("failed", failed);
            model.put("admin", viewer.admin());
            model.put("letters", t.getT1().stream().map(d -> new Letter(d.topic(), d.offset(), d.originalTopic(),
                    d.originalOffset(), d.exceptionClass(), d.requestId(), CaseWords.dateTime(d.at()))).toList());
            return withCsrf(exchange, Html.page("Failures", viewers.label(principal),
                    DashboardTemplates.render("failures", model), null));
        });
    }

    private record FailedTask(String requestId, String summary, String system, String action, String connector,
            int attempts, String reason) {
    }

    private record Letter(String topic, long offset, String originalTopic, Long originalOffset, String exceptionClass,
            String requestId, String at) {
    }

    private Mono<ResponseEntity<String>> renderCase(Principal principal, ServerWebExchange exchange, String requestId,
            String message, HttpStatus status) {
        Viewer viewer = viewers.of(principal);
        return Mono.fromFuture(() -> cases.one(requestId, viewer)).flatMap(Mono::justOrEmpty)
                .flatMap(view -> trail.entries(requestId).flatMap(entries -> {
                    String body = (message == null ? "" : message) + "<div id=\"case\">" + caseBody(view, entries, viewer)
                            + "</div>";
                    Html.Live live = new Html.Live("/dashboard/cases/" + requestId + "/fragment", null, requestId);
                    return withCsrf(exchange, Html.page(words.summary(view), viewers.label(principal), body, live));
                }))
                .map(html -> ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html))
                .switchIfEmpty(Mono.defer(() -> withCsrf(exchange, Html.page("Not found", viewers.label(principal),
                        "<h1>No such case</h1><p>There is no case " + esc(requestId)
                                + " that you may see.</p><p><a href=\"/dashboard\">Back to the cases</a></p>", null))
                        .map(html -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                                .body(html))));
    }

    /** The notice of paused lanes, for {@code paused-lanes.mustache}. */
    record PausedLanes(List<PausedLane> lanes) {
    }

    record PausedLane(String systemId, String notice) {
    }

    /**
     * The notice of paused lanes: one line per system whose vendor counts as down, so its tasks wait
     * without using attempts ("Paused: system — reason, since time, next try time"); null when none is.
     */
    private PausedLanes pausedLanes(List<LaneState> paused) {
        if (paused.isEmpty()) {
            return null;
        }
        Instant now = clock.instant();
        return new PausedLanes(paused.stream().map(lane -> new PausedLane(lane.systemId(), lane.notice(now))).toList());
    }

    private static boolean waiting(TaskState state) {
        return state == TaskState.RETRYING || state == TaskState.DISPATCHED;
    }

    private String caseBody(CaseView view, List<AuditEntry> entries, Viewer viewer) {
        return DashboardTemplates.render("case", casePage.model(view, entries, actionForms(view, viewer),
                pausedLanes(view.file().tasks.stream().filter(t -> waiting(t.state)).map(t -> t.systemId).distinct()
                        .flatMap(system -> lanes.pausedSystem(system).stream()).toList())));
    }

    /**
     * The forms of the actions that fit the case as it stands, each an element with its own id: for the router's
     * commands, those its last case event stated the case takes ({@link ActionRules}).
     */
    private List<String> actionForms(CaseView view, Viewer viewer) {
        Set<String> known = registry.all().stream().map(Organisation::id).collect(Collectors.toSet());
        LocalDate today = cases.today();
        List<String> forms = new ArrayList<>();
        for (StaffAction action : StaffAction.values()) {
            if (action == StaffAction.CONFIRM_MANUAL_TASK || action == StaffAction.RETRY_TASK) {
                for (CaseTask t : view.file().tasks) {
                    ActionInput probe = new ActionInput(null, null, null, null, t.taskId, "x", true, null, null, null, null);
                    if (ActionRules.check(action, probe, view.file(), view.deadline(), viewer, known, today).passed()) {
                        forms.add(form(action, t, view));
                    }
                }
                continue;
            }
            ActionCheck probe = ActionRules.check(action, filled(known), view.file(), view.deadline(), viewer, known,
                    today);
            if (probe.passed()) {
                forms.add(form(action, null, view));
            }
        }
        return forms;
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

    /** A field of an action form: a choice ({@code choices} set) or free text. */
    private record Field(String name, String label, boolean select, List<Choice> choices) {
        static Field text(String name, String label) {
            return new Field(name, label, false, List.of());
        }

        static Field choice(String name, String label, List<Choice> choices) {
            return new Field(name, label, true, choices);
        }
    }

    /** A value offered and its words. */
    private record Choice(String value, String label) {
        static List<Choice> same(String... values) {
            return java.util.Arrays.stream(values).map(v -> new Choice(v, v)).toList();
        }
    }

    private record ActionForm(String id, String requestId, String path, String label, String system, String taskId,
            List<Field> fields, String extra) {
    }

    /** The case's right UNKNOWN (a mail that named none) adds the choice of right to the triage form. */
    private String form(StaffAction action, CaseTask task, CaseView view) {
        String requestId = view.file().requestId;
        if (action == StaffAction.CONFIRM_MANUAL_TASK && task != null) {
            return ManualTaskConfirmation.form(requestId, task, words.system(task.systemId));
        }
        List<Field> fields = new ArrayList<>();
        String extra = null;
        switch (action) {
            case REFUSE -> {
                fields.add(Field.choice("ground", "Ground", Choice.same("manifestly unfounded", "manifestly excessive")));
                fields.add(Field.text("reason", "Reasons (sent to the subject with the right to complain to the ICO)"));
            }
            case ASK_CLARIFICATION -> fields.add(Field.text("question", "What needs clarifying (stops the clock, Art 12A)"));
            case RECORD_CLARIFICATION -> fields.add(Field.text("note", "Note (optional)"));
            case EXTEND -> fields.add(Field.text("reason", "Why the request is complex or numerous (told to the subject)"));
            case CONFIRM_MANUAL_TASK -> {
                fields.add(Field.choice("subjectFound", "Was the subject's data found?",
                        List.of(new Choice("true", "yes, found"), new Choice("false", "no, nothing held"))));
                fields.add(Field.text("evidence", "What was done, and where (evidence)"));
            }
            case RESOLVE_TRIAGE -> {
                fields.add(Field.choice("controllerId", "The controller", registry.all().stream()
                        .sorted(java.util.Comparator.comparing(Organisation::name))
                        .map(o -> new Choice(o.id(), o.name())).toList()));
                if ("UNKNOWN".equals(view.file().right)) {
                    fields.add(Field.choice("right", "The right asked for", java.util.stream.Stream.of("access",
                            "rectification", "erasure", "restriction", "objection", "portability", "consent_withdrawal")
                            .map(r -> new Choice(r, Labels.right(r))).toList()));
                }
                fields.add(Field.text("note", "Why this organisation is the controller"));
                extra = ConsentTriageFields.of(view.file(), registry);
            }
            case CONFIRM_IDENTITY -> fields.add(Field.text("evidence",
                    "Identity evidence checked (describe it; do not upload it)"));
            case CLOSE -> {
                fields.add(Field.choice("outcome", "Outcome",
                        Choice.same("answered", "partially answered", "withdrawn", "no data held")));
                fields.add(Field.text("summary", "Summary of the answer sent"));
            }
            case WITHDRAW -> fields.add(Field.text("reason", "Why it is withdrawn (required; the subject sees it). Open "
                    + "tasks are cancelled; work already done, such as an erasure, is not undone"));
            default -> {
            }
        }
        return DashboardTemplates.render("action-form", new ActionForm(
                "action-" + action.path() + (task == null ? "" : "-" + task.taskId), requestId, action.path(),
                action.label(), task == null ? null : words.system(task.systemId), task == null ? null : task.taskId,
                fields, extra));
    }

    private List<CaseWords.Row> rows(List<CaseView> views) {
        return views.stream().map(words::row).toList();
    }

    private record Filter(String name, String label, List<FilterOption> options) {
    }

    private record FilterOption(String value, String label, boolean selected) {
    }

    private List<Filter> filters(Viewer viewer, CaseQueries.Filter filter) {
        List<Organisation> orgs = registry.all().stream().sorted(java.util.Comparator.comparing(Organisation::name)).toList();
        List<Organisation> own = viewer.admin() ? orgs : registry.find(viewer.organisationId()).map(List::of)
                .orElse(List.of(new Organisation(viewer.organisationId(), 0, viewer.organisationId(), null, List.of(),
                        List.of(), null, null)));
        return List.of(
                new Filter("organisation", "Organisation", own.stream().map(o -> new FilterOption(o.id(), o.name(),
                        o.id().equals(filter.organisation()))).toList()),
                new Filter("right", "Right", java.util.stream.Stream.of("ACCESS", "RECTIFICATION", "ERASURE",
                        "RESTRICTION", "OBJECTION", "PORTABILITY", "CONSENT_WITHDRAWAL").map(r -> new FilterOption(r,
                                Labels.right(r), r.equals(filter.right()))).toList()),
                new Filter("status", "Status", java.util.Arrays.stream(CaseStatus.values()).filter(CaseStatus::open)
                        .map(st -> new FilterOption(st.name(), Labels.status(st), st.name().equals(filter.status())))
                        .toList()),
                new Filter("processor", "Processor", orgs.stream().map(o -> new FilterOption(o.id(), o.name(),
                        o.id().equals(filter.processor()))).toList()));
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
