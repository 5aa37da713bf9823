package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.deadline.UkTime.UK;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.Environment;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.rightsflow.auditlog.cases.model.Viewer;
import dev.rightsflow.auditlog.dashboard.security.DashboardSecurity;
import dev.rightsflow.auditlog.registry.RegistryView;
import reactor.core.publisher.Mono;

/**
 * The page "Log a request received by letter, email, phone or in person" ({@code /dashboard/log-request}): staff
 * enter what arrived outside the platform (how, the day, the right, the person, the original) and the page hands it
 * to request-intake's staff API ({@code POST /api/v1/logged-requests}), which owns {@code RequestReceived}. It
 * calls intake as the signed-in member of staff, with their session: in the standalone both services share one
 * application and so one session store. Intake's refusals come back as plain words next to the form; nothing is
 * written. Also the small pieces other pages show of a logged request: its channel in the case list and the link
 * to its original on the case page.
 */
@RestController("auditLogLogRequestPage")
public class LogRequestPage {

    static final String PATH = "/dashboard/log-request";
    private static final String INTAKE_API = "/api/v1/logged-requests";
    private static final Map<String, String> CHANNELS = new LinkedHashMap<>();
    private static final Map<String, String> RIGHTS = new LinkedHashMap<>();
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("channel", "How it arrived"),
            Map.entry("receivedOn", "Day received"), Map.entry("request.right", "Right"),
            Map.entry("request.organisationId", "Organisation"), Map.entry("request.serviceId", "Service"),
            Map.entry("request.subject.name", "Name"), Map.entry("request.subject.email", "Email"),
            Map.entry("request.subject.phone", "Phone"), Map.entry("request.subject.postalAddress", "Postal address"),
            Map.entry("original.fileName", "Original"), Map.entry("original.contentType", "Original"),
            Map.entry("original.content", "Original"), Map.entry("original.contentBase64", "Original"));
    private static final Map<String, String> TYPES_BY_EXTENSION = Map.of("pdf", "application/pdf", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "png", "image/png", "tif", "image/tiff", "tiff", "image/tiff", "eml", "message/rfc822");

    static {
        CHANNELS.put("letter", "Letter");
        CHANNELS.put("email", "Email");
        CHANNELS.put("phone", "Phone call");
        CHANNELS.put("in_person", "In person");
        RIGHTS.put("access", "Access (a copy of their data)");
        RIGHTS.put("erasure", "Erasure");
        RIGHTS.put("rectification", "Rectification");
        RIGHTS.put("restriction", "Restriction");
        RIGHTS.put("objection", "Objection");
        RIGHTS.put("portability", "Portability");
        RIGHTS.put("consent_withdrawal", "Consent withdrawal");
    }

    /** Intake's answers, as much of them as the page shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Logged(Receipt receipt, String channel, LocalDate receivedOn, boolean originalKept) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record Receipt(String requestId, String statusToken, LocalDate provisionalDeadline) {
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Problem(String title, String detail, List<FieldProblem> errors) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        record FieldProblem(String field, String message) {
        }
    }

    private final Viewers viewers;
    private final RegistryView registry;
    private final Environment environment;
    private final Clock clock;
    private final WebClient intake = WebClient.builder()
            .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024)).build();

    public LogRequestPage(Viewers viewers, RegistryView registry, Environment environment,
            @Qualifier("auditLogClock") Clock clock) {
        this.viewers = viewers;
        this.registry = registry;
        this.environment = environment;
        this.clock = clock;
    }

    /** The link on the dashboard's main page. */
    static String link() {
        return "<p><a id=\"log-request\" href=\"" + PATH + "\">Log a request received by letter, email, phone or in person</a></p>";
    }

    /** How a request arrived, in a word, for the case list's "Received" column: said only for the ways staff log; else null. */
    static String channelWord(String channel) {
        String key = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        return CHANNELS.containsKey(key) ? CHANNELS.get(key).toLowerCase(Locale.ROOT) : null;
    }

    /** The case page's link to the original of a logged request (request-intake serves it to that organisation's staff). */
    static String originalLink(String requestId, String channel) {
        String key = channel == null ? "" : channel.toLowerCase(Locale.ROOT);
        if (!Set.of("letter", "email").contains(key)) {
            return "";
        }
        return "<p><a id=\"original\" href=\"" + INTAKE_API + "/" + esc(requestId) + "/original\">Download the original "
                + (key.equals("letter") ? "letter" : "email") + "</a> <span class=\"muted\">(if one was attached when it"
                + " was logged; erased with the request)</span></p>";
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    public Mono<String> form(Principal principal, ServerWebExchange exchange) {
        return DashboardPages.withCsrf(exchange, page(principal, Map.of(), null));
    }

    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> log(Principal principal, ServerWebExchange exchange) {
        Viewer viewer = viewers.of(principal);
        return exchange.getMultipartData().flatMap(parts -> fields(parts).flatMap(form -> {
            String organisation = viewer.admin() ? form.getOrDefault("organisationId", "") : viewer.organisationId();
            form.put("organisationId", organisation);
            return original(parts.getFirst("original")).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(file -> send(exchange, form, file.orElse(null)).flatMap(answer -> answer.logged() != null
                            ? DashboardPages.withCsrf(exchange, Html.page("Request logged", viewers.label(principal),
                                    logged(answer.logged(), file.isPresent()), null)).map(html -> html(HttpStatus.OK, html))
                            : DashboardPages.withCsrf(exchange, page(principal, form, answer.errors()))
                                    .map(html -> html(HttpStatus.UNPROCESSABLE_CONTENT, html))));
        }));
    }

    private record Answer(Logged logged, List<String> errors) {
    }

    private record Original(String fileName, String contentType, byte[] content) {
    }

    /** Calls intake's staff API as the signed-in member of staff (their session, and the page's header). */
    private Mono<Answer> send(ServerWebExchange exchange, Map<String, String> form, Original file) {
        Map<String, Object> subject = new LinkedHashMap<>();
        subject.put("name", form.get("name"));
        subject.put("email", form.get("email"));
        subject.put("phone", blankToNull(form.get("phone")));
        subject.put("postalAddress", blankToNull(form.get("postalAddress")));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("right", form.get("right"));
        request.put("organisationId", form.get("organisationId"));
        request.put("serviceId", blankToNull(form.get("serviceId")));
        request.put("subject", subject);
        if (blankToNull(form.get("description")) != null) {
            request.put("details", Map.of("description", form.get("description")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", form.get("channel"));
        body.put("receivedOn", blankToNull(form.get("receivedOn")));
        body.put("request", request);
        if (file != null) {
            body.put("original", Map.of("fileName", file.fileName(), "contentType", file.contentType(),
                    "contentBase64", Base64.getEncoder().encodeToString(file.content())));
        }
        var session = exchange.getRequest().getCookies().getFirst(DashboardSecurity.SESSION_COOKIE);
        return intake.post().uri(intakeUrl() + INTAKE_API)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Staff-Page", "log-request")
                .header(HttpHeaders.COOKIE, session == null ? "" : DashboardSecurity.SESSION_COOKIE + "=" + session.getValue())
                .bodyValue(body)
                .exchangeToMono(response -> {
                    if (response.statusCode().value() == 202) {
                        return response.bodyToMono(Logged.class).map(l -> new Answer(l, null));
                    }
                    int status = response.statusCode().value();
                    return response.bodyToMono(Problem.class).map(p -> new Answer(null, words(status, p)))
                            .onErrorResume(e -> Mono.empty())
                            .defaultIfEmpty(new Answer(null, words(status, null)));
                })
                .timeout(Duration.ofSeconds(30))
                .onErrorResume(e -> Mono.just(new Answer(null, List.of(
                        "Request intake could not be reached, so nothing was logged. Try again in a moment."))));
    }

    /** Intake's refusal in plain words, one line per problem. */
    static List<String> words(int status, Problem problem) {
        return switch (status) {
            case 401 -> List.of("Request intake did not accept your sign-in, so nothing was logged. Where the dashboard and"
                    + " request intake run apart, log through the staff API (POST " + INTAKE_API + ") instead.");
            case 403 -> List.of("You may log requests only for your own organisation. Nothing was logged.");
            case 413 -> List.of("The original is too large. Scan it at a lower resolution, or attach only the pages of the"
                    + " request. Nothing was logged.");
            case 404 -> List.of("Request intake is not part of this installation (rightsflow.audit-log.intake-url). Nothing"
                    + " was logged.");
            case 503 -> List.of("Request intake is starting or busy. Nothing was logged; try again in a moment.");
            default -> problem != null && problem.errors() != null && !problem.errors().isEmpty()
                    ? problem.errors().stream().map(e -> LABELS.getOrDefault(e.field(), e.field()) + ": " + e.message()).toList()
                    : List.of((problem == null || problem.detail() == null ? "Request intake refused the request" : problem.detail())
                            + ". Nothing was logged.");
        };
    }

    private String intakeUrl() {
        String configured = environment.getProperty("rightsflow.audit-log.intake-url", "");
        return configured.isBlank() ? "http://127.0.0.1:" + environment.getProperty("local.server.port", "8080") : configured;
    }

    private static Mono<Map<String, String>> fields(MultiValueMap<String, Part> parts) {
        Map<String, String> form = new LinkedHashMap<>();
        parts.forEach((name, values) -> values.stream().filter(FormFieldPart.class::isInstance).findFirst()
                .ifPresent(p -> form.put(name, ((FormFieldPart) p).value())));
        return Mono.just(form);
    }

    /** The uploaded file; empty when none was chosen. Its type is the browser's, or the extension's when the browser had none. */
    private static Mono<Original> original(Part part) {
        if (!(part instanceof FilePart file) || file.filename().isBlank()) {
            return Mono.empty();
        }
        MediaType declared = file.headers().getContentType();
        String extension = file.filename().contains(".")
                ? file.filename().substring(file.filename().lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        String type = declared == null || declared.equals(MediaType.APPLICATION_OCTET_STREAM)
                || TYPES_BY_EXTENSION.containsKey(extension) && !declared.toString().startsWith(TYPES_BY_EXTENSION.get(extension))
                ? TYPES_BY_EXTENSION.getOrDefault(extension, declared == null ? "application/octet-stream" : declared.toString())
                : declared.toString();
        return DataBufferUtils.join(file.content()).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return new Original(file.filename(), type, bytes);
        });
    }

    /** A value offered in a choice, its words, and whether it is the one chosen. */
    private record Option(String value, String label, boolean selected) {
    }

    private record Choices(List<Option> options) {
    }

    private String page(Principal principal, Map<String, String> form, List<String> errors) {
        Viewer viewer = viewers.of(principal);
        LocalDate today = LocalDate.now(clock.withZone(UK));
        Map<String, Object> model = new java.util.HashMap<>(form);
        model.put("hasErrors", errors != null && !errors.isEmpty());
        model.put("errors", errors == null ? List.of() : errors);
        model.put("organisations", viewer.admin() ? new Choices(options(organisations(), form.get("organisationId"))) : null);
        model.put("ownOrganisation", viewer.admin() ? null : registry.name(viewer.organisationId()));
        model.put("channels", options(CHANNELS, form.get("channel")));
        model.put("rights", options(RIGHTS, form.get("right")));
        model.put("today", today.toString());
        model.put("receivedOn", form.getOrDefault("receivedOn", today.toString()));
        return Html.page("Log a request", viewers.label(principal), DashboardTemplates.render("log-request", model), null);
    }

    /** @param attached whether staff attached an original: one that intake did not keep is said so, as an error */
    static String logged(Logged logged, boolean attached) {
        Map<String, Object> model = new java.util.HashMap<>();
        model.put("requestId", logged.receipt().requestId());
        model.put("receivedOnIso", String.valueOf(logged.receivedOn()));
        model.put("receivedOn", CaseWords.date(logged.receivedOn()));
        model.put("channel", CHANNELS.getOrDefault(logged.channel(), logged.channel()).toLowerCase(Locale.ROOT));
        model.put("deadlineIso", String.valueOf(logged.receipt().provisionalDeadline()));
        model.put("deadline", CaseWords.date(logged.receipt().provisionalDeadline()));
        model.put("originalKept", logged.originalKept());
        model.put("originalNotKept", attached && !logged.originalKept());
        model.put("statusToken", logged.receipt().statusToken());
        return DashboardTemplates.render("request-logged", model);
    }

    private Map<String, String> organisations() {
        Map<String, String> all = new LinkedHashMap<>();
        registry.all().stream().sorted(java.util.Comparator.comparing(o -> o.name() == null ? o.id() : o.name()))
                .forEach(o -> all.put(o.id(), o.name() == null ? o.id() : o.name()));
        return all;
    }

    private static List<Option> options(Map<String, String> options, String chosen) {
        return options.entrySet().stream().map(e -> new Option(e.getKey(), e.getValue(), e.getKey().equals(chosen))).toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ResponseEntity<String> html(HttpStatus status, String html) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
    }
}
