package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.rightsflow.auditlog.cases.model.CaseTask;
import dev.rightsflow.auditlog.dashboard.application.StaffActions;
import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.auditlog.dashboard.model.ActionInput;
import dev.rightsflow.auditlog.dashboard.model.ManualFindingsInput;
import dev.rightsflow.auditlog.dashboard.model.StaffAction;

/**
 * Confirming a manual task with what was found: the person says whether the subject's data was there and what they
 * did (the evidence text, as before), which identifiers they searched by, and attaches copies of the files they
 * found and/or types the records, all of which go into the subject's access package. Two doors to the same
 * {@link StaffActions}: a multipart form on the case page, and a JSON call for other tools (files base64-encoded).
 * Bodies are read here with their own limit (a little above {@link ManualFindingsInput#MAX_FILE_BYTES}), so a
 * large upload is a 413 problem, never a server error.
 */
@RestController("auditLogManualTaskConfirmation")
public class ManualTaskConfirmation {

    /** The identifiers a person may tick as searched by; free text adds others. */
    static final List<String> IDENTIFIERS = List.of("email address", "name", "postal address", "phone number",
            "membership or account number");
    /** The whole body at most: the files' limit, base64's growth, and room for the text. */
    static final int MAX_BODY_BYTES = ManualFindingsInput.MAX_FILE_BYTES * 4 / 3 + 256 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final StaffActions actions;
    private final Viewers viewers;

    public ManualTaskConfirmation(StaffActions actions, Viewers viewers) {
        this.actions = actions;
        this.viewers = viewers;
    }

    /** The JSON body of the API call. */
    public record Confirmation(Boolean subjectFound, String evidence, List<String> searchedBy, List<JsonFile> files,
            List<ManualFindingsInput.FoundRecord> records) {
    }

    /** A file in the JSON body. */
    public record JsonFile(String fileName, String contentBase64) {
    }

    /** The form of one manual task on the case page (the hook {@code DashboardPages} calls). */
    static String form(String requestId, CaseTask task, String systemName) {
        StringBuilder b = new StringBuilder("<form method=\"post\" enctype=\"multipart/form-data\" id=\"action-")
                .append(StaffAction.CONFIRM_MANUAL_TASK.path()).append('-').append(esc(task.taskId)).append("\" action=\"/dashboard/cases/")
                .append(esc(requestId)).append("/tasks/").append(esc(task.taskId)).append("/confirm\">").append(Html.CSRF_PLACEHOLDER)
                .append("<strong>").append(esc(StaffAction.CONFIRM_MANUAL_TASK.label())).append(" · ").append(esc(systemName))
                .append("</strong><br><label>Was the subject's data found?<select name=\"subjectFound\"><option value=\"true\">yes, found")
                .append("</option><option value=\"false\">no, nothing held</option></select></label>")
                .append("<label>What was done, and where (evidence)<textarea name=\"evidence\" rows=\"2\"></textarea></label>")
                .append("<fieldset><legend>Searched by (the identifiers, not their values)</legend>");
        for (String id : IDENTIFIERS) {
            b.append("<label><input type=\"checkbox\" name=\"searchedBy\" value=\"").append(esc(id)).append("\"> ").append(esc(id))
                    .append("</label> ");
        }
        return b.append("<label>Other identifiers<input type=\"text\" name=\"searchedByOther\"></label></fieldset>")
                .append("<label>Copies of what was found (").append(String.join(", ", new java.util.TreeSet<>(ManualFindingsInput.TYPES.keySet())))
                .append("; up to ").append(ManualFindingsInput.MAX_FILES).append(" files, ").append(ManualFindingsInput.MAX_FILE_BYTES / 1024)
                .append(" KiB in all)<input type=\"file\" name=\"files\" multiple></label>")
                .append("<label>Records found, one per line: what it is | field: value | field: value"
                        + "<textarea name=\"records\" rows=\"3\" placeholder=\"survey response | question: How did you hear of us? | answer: a friend\">"
                        + "</textarea></label>")
                .append("<button type=\"submit\">").append(esc(StaffAction.CONFIRM_MANUAL_TASK.label())).append("</button></form>")
                .toString();
    }

    /** The case page's form: on success back to the case page, else a page saying why and that nothing was sent. */
    @PostMapping(path = "/dashboard/cases/{requestId}/tasks/{taskId}/confirm", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.TEXT_HTML_VALUE)
    public Mono<ResponseEntity<String>> confirmOnPage(Principal principal, ServerWebExchange exchange, @PathVariable String requestId,
            @PathVariable String taskId) {
        if (tooLarge(exchange)) {
            return Mono.just(failurePage(principal, requestId, HttpStatus.CONTENT_TOO_LARGE, tooLargeText()));
        }
        return exchange.getMultipartData().flatMap(parts -> files(parts).map(files -> {
            List<String> searchedBy = new ArrayList<>(fields(parts, "searchedBy"));
            String other = field(parts, "searchedByOther");
            if (other != null) {
                for (String s : other.split(",")) {
                    searchedBy.add(s.trim());
                }
            }
            String found = field(parts, "subjectFound");
            ActionInput input = new ActionInput(null, null, null, null, taskId, field(parts, "evidence"),
                    found == null ? null : Boolean.valueOf(found), null, null, null, null);
            return Map.entry(input, new ManualFindingsInput(searchedBy, files, ManualFindingsInput.parseRecords(field(parts, "records"))));
        })).flatMap(in -> Mono.fromFuture(() -> actions.take(requestId, StaffAction.CONFIRM_MANUAL_TASK, in.getKey(),
                in.getValue(), viewers.of(principal))).flatMap(Mono::justOrEmpty))
                .map(outcome -> {
                    if (outcome.published()) {
                        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/dashboard/cases/" + requestId + "?done="
                                + URLEncoder.encode(StaffAction.CONFIRM_MANUAL_TASK.label(), StandardCharsets.UTF_8))).<String>build();
                    }
                    ActionCheck check = outcome.check();
                    String msg = esc(check.detail()) + (check.fields().isEmpty() ? "" : "<ul>" + check.fields().stream()
                            .map(f -> "<li><b>" + esc(CaseWords.words(f.field())) + "</b>: " + esc(f.message()) + "</li>").collect(Collectors.joining()) + "</ul>");
                    return failurePage(principal, requestId, status(check), msg);
                })
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(failurePage(principal, requestId,
                        HttpStatus.CONTENT_TOO_LARGE, tooLargeText())))
                .defaultIfEmpty(failurePage(principal, requestId, HttpStatus.NOT_FOUND, "No such case that you may see."));
    }

    /**
     * The same for tools: {@code {"subjectFound": true, "evidence": "...", "searchedBy": ["email address"],
     * "files": [{"fileName": "letter.pdf", "contentBase64": "..."}], "records": [{"category": "...", "fields": {...}}]}};
     * 202 with the command's id, else a problem response and nothing published.
     */
    @PostMapping(path = "/api/v1/dashboard/cases/{requestId}/tasks/{taskId}/confirmation", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> confirmByApi(Principal principal, ServerWebExchange exchange, @PathVariable String requestId,
            @PathVariable String taskId) {
        if (tooLarge(exchange)) {
            return Mono.fromSupplier(() -> Problems.tooLarge(tooLargeText()));
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), MAX_BODY_BYTES).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return bytes;
            } finally {
                DataBufferUtils.release(buffer);
            }
        }).defaultIfEmpty(new byte[0]).flatMap(bytes -> {
            Confirmation body;
            List<ManualFindingsInput.File> files = new ArrayList<>();
            try {
                body = bytes.length == 0 ? new Confirmation(null, null, null, null, null) : JSON.readValue(bytes, Confirmation.class);
                for (JsonFile f : body.files() == null ? List.<JsonFile>of() : body.files()) {
                    files.add(new ManualFindingsInput.File(f.fileName(), Base64.getMimeDecoder().decode(
                            f.contentBase64() == null ? "" : f.contentBase64())));
                }
            } catch (JacksonException | IllegalArgumentException e) {
                return Mono.fromSupplier(() -> Problems.malformed(
                        "The body is not a confirmation as documented (JSON, files base64-encoded)."));
            }
            ActionInput input = new ActionInput(null, null, null, null, taskId, body.evidence(), body.subjectFound(), null, null, null, null);
            return Mono.fromFuture(() -> actions.take(requestId, StaffAction.CONFIRM_MANUAL_TASK, input,
                    new ManualFindingsInput(body.searchedBy(), files, body.records()), viewers.of(principal)))
                    .flatMap(Mono::justOrEmpty).map(outcome -> outcome.published()
                            ? ResponseEntity.accepted().body((Object) Map.of("commandId", outcome.commandId(), "command", outcome.commandType(),
                                    "requestId", requestId, "filesAttached", files.size(),
                                    "recordsAttached", body.records() == null ? 0 : body.records().size()))
                            : Problems.of(outcome.check()))
                    .switchIfEmpty(Mono.fromSupplier(() -> Problems.notFound("No case " + requestId + " that you may see.")));
        }).onErrorResume(DataBufferLimitException.class, e -> Mono.fromSupplier(() -> Problems.tooLarge(tooLargeText())));
    }

    private static boolean tooLarge(ServerWebExchange exchange) {
        return exchange.getRequest().getHeaders().getContentLength() > MAX_BODY_BYTES;
    }

    private static String tooLargeText() {
        return "The files together may be at most " + ManualFindingsInput.MAX_FILE_BYTES / 1024
                + " KiB; split a larger scan over several confirmations or type the records. Nothing was sent.";
    }

    private static HttpStatus status(ActionCheck check) {
        return switch (check.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.CONFLICT;
        };
    }

    private ResponseEntity<String> failurePage(Principal principal, String requestId, HttpStatus status, String messageHtml) {
        String body = "<h1>" + esc(StaffAction.CONFIRM_MANUAL_TASK.label()) + "</h1><div class=\"message error\" id=\"action-message\">"
                + messageHtml + " Nothing was sent.</div><p><a href=\"/dashboard/cases/" + esc(requestId) + "\">Back to the case</a></p>";
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                .body(Html.page(StaffAction.CONFIRM_MANUAL_TASK.label(), viewers.label(principal), body, null).replace(Html.CSRF_PLACEHOLDER, ""));
    }

    private static String field(MultiValueMap<String, Part> parts, String name) {
        Part part = parts.getFirst(name);
        return part instanceof FormFieldPart f && !f.value().isBlank() ? f.value() : null;
    }

    private static List<String> fields(MultiValueMap<String, Part> parts, String name) {
        return parts.getOrDefault(name, List.of()).stream().filter(FormFieldPart.class::isInstance)
                .map(p -> ((FormFieldPart) p).value()).toList();
    }

    /** The uploaded files (an empty file input sends a nameless empty part, which is not a file). */
    private static Mono<List<ManualFindingsInput.File>> files(MultiValueMap<String, Part> parts) {
        return Flux.fromIterable(parts.getOrDefault("files", List.of())).filter(FilePart.class::isInstance).cast(FilePart.class)
                .filter(f -> f.filename() != null && !f.filename().isBlank())
                .concatMap(f -> DataBufferUtils.join(f.content(), ManualFindingsInput.MAX_FILE_BYTES + 1).map(buffer -> {
                    try {
                        byte[] bytes = new byte[buffer.readableByteCount()];
                        buffer.read(bytes);
                        return new ManualFindingsInput.File(f.filename(), bytes);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                }).defaultIfEmpty(new ManualFindingsInput.File(f.filename(), new byte[0])))
                .collectList();
    }
}
