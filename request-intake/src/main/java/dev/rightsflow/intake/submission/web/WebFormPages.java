package dev.rightsflow.intake.submission.web;

import dev.rightsflow.intake.shared.web.HtmlTemplates;
import dev.rightsflow.intake.shared.web.IntakeProblem;
import dev.rightsflow.intake.shared.web.JsonBodies;
import dev.rightsflow.intake.shared.web.PageAssets;
import dev.rightsflow.intake.withdrawal.web.WithdrawalPages;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.intake.status.application.ReadStatus;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.registry.model.ConsentPurpose;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.registry.model.Relationship;
import dev.rightsflow.intake.registry.model.Service;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.submission.model.SubmissionRules;
import dev.rightsflow.intake.request.model.Verification;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The citizen's web form and status page: plain server-rendered HTML that works without
 * JavaScript, with labels, an error summary and each error next to its field, in plain words (the
 * messages of {@link RequestJson} and the model's rules). The form's one script ({@link PageAssets})
 * only shows the chosen right's fields. The status token travels in a POST body, never in a URL.
 */
@Hidden
@RestController
public class WebFormPages {

    private final RegistryView registry;
    private final SubmitRequest submit;
    private final VerifyIdentity verify;
    private final ReadStatus status;
    private final JsonBodies bodies;
    private final HtmlTemplates html;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public WebFormPages(RegistryView registry, SubmitRequest submit, VerifyIdentity verify, ReadStatus status,
            JsonBodies bodies, HtmlTemplates html) {
        this.registry = registry;
        this.submit = submit;
        this.verify = verify;
        this.status = status;
        this.bodies = bodies;
        this.html = html;
    }

    @GetMapping("/")
    public Mono<ResponseEntity<String>> home() {
        return registry.all().map(all -> html.page(200, "home", Map.of("title", "Make a request", "organisations", all)));
    }

    @GetMapping("/requests/new")
    public Mono<ResponseEntity<String>> form(@RequestParam(required = false) String organisationId) {
        if (organisationId == null) {
            return home();
        }
        return registry.snapshot().map(all -> Optional.ofNullable(all.get(organisationId))
                .map(org -> html.page(200, "form", formModel(org, offered(org, all), Map.of(), List.of(), List.of(), all)))
                .orElseGet(() -> html.page(404, "home", Map.of("title", "Organisation not found", "notFound", true))));
    }

    @PostMapping("/requests/new")
    public Mono<ResponseEntity<String>> send(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> registry.snapshot().flatMap(all -> {
            Organisation org = form.getFirst("organisationId") == null ? null : all.get(form.getFirst("organisationId"));
            if (org == null) {
                return Mono.just(html.page(404, "home", Map.of("title", "Organisation not found", "notFound", true)));
            }
            Map<String, String> values = values(form);
            List<String> chosen = form.getOrDefault("consentPurposes", List.of()).stream().map(String::trim)
                    .filter(p -> !p.isEmpty()).toList();
            List<ConsentPurpose> offered = offered(org, all);
            RequestJson json = toJson(org.id(), values, chosen);
            try {
                bodies.validate(json);
            } catch (IntakeProblem problem) {
                return Mono.just(html.page(422, "form", formModel(org, offered, values, chosen, problem.errors(), all)));
            }
            return submit.submit(json.toSubmission(), SubmitRequest.Origin.citizen(Channel.WEB_FORM), null)
                    .map(result -> {
                        if (result instanceof SubmitRequest.Result.Rejected rejected) {
                            return html.page(422, "form", formModel(org, offered, values, chosen, rejected.errors(), all));
                        }
                        Receipt receipt = SubmissionResults.receiptOrThrow(result);
                        Map<String, Object> model = new HashMap<>();
                        model.put("title", "Request received");
                        model.put("requestId", receipt.requestId());
                        model.put("statusToken", receipt.statusToken());
                        model.put("receivedAt", receipt.receivedAt().toString());
                        model.put("receivedAtWords", dev.rightsflow.deadline.PlainWords.dateTime(receipt.receivedAt()));
                        // false, not "": the templates' sections treat an empty string as present
                        LocalDate shown = receipt.statutoryDeadlineShown();
                        model.put("provisionalDeadline", shown == null ? false : shown.toString());
                        model.put("provisionalDeadlineWords", shown == null ? false : dev.rightsflow.deadline.PlainWords.date(shown));
                        model.put("deadlineProvisional", shown == null || receipt.deadlineProvisionalReason() == null
                                ? false : receipt.deadlineProvisionalReason());
                        model.put("deadlineNotStarted", receipt.deadlineNotStartedReason() == null ? false
                                : receipt.deadlineNotStartedReason());
                        model.put("verificationNeeded", receipt.verification().required());
                        model.put("emailCode", receipt.verification() == Verification.EMAIL_CODE);
                        model.put("documentary", receipt.verification() == Verification.DOCUMENTARY);
                        // false, not "": an empty string would show the duplicate notice on every receipt
                        model.put("duplicateOf", receipt.duplicateOf() == null ? false : receipt.duplicateOf());
                        return html.page(202, "receipt", model);
                    });
        }));
    }

    @PostMapping("/requests/verify")
    public Mono<ResponseEntity<String>> verifyCode(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String requestId = form.getFirst("requestId");
            String token = form.getFirst("token");
            String code = form.getFirst("code") == null ? "" : form.getFirst("code").trim();
            Map<String, Object> model = new HashMap<>(Map.of("title", "Confirm your identity", "requestId",
                    requestId == null ? "" : requestId, "statusToken", token == null ? "" : token));
            if (!code.matches("\\d{6}")) {
                // Not a code at all: said on the page, and not counted as a wrong try.
                model.put("title", "Error: Confirm your identity");
                model.put("message", code.isEmpty() ? "Enter the six-digit code we emailed you"
                        : "Enter the code as the six digits we emailed you, like 123456");
                return Mono.just(html.page(422, "verified", model));
            }
            return verify.verify(requestId == null ? "" : requestId, token, code).map(result -> {
                if (result instanceof VerifyIdentity.Result.Verified) {
                    model.put("ok", true);
                    return html.page(200, "verified", model);
                }
                model.put("title", "Error: Confirm your identity");
                if (result instanceof VerifyIdentity.Result.Wrong wrong) {
                    model.put("message", "That is not the code we sent. Check the email and try again: you have "
                            + wrong.attemptsLeft() + (wrong.attemptsLeft() == 1 ? " try" : " tries") + " left.");
                    return html.page(422, "verified", model);
                }
                try {
                    VerificationResults.toJsonOrThrow(result);
                } catch (IntakeProblem problem) {
                    model.put("message", problem.getMessage());
                    return html.page(problem.status().value(), "verified", model);
                }
                model.put("message", "Something went wrong; try again.");
                return html.page(400, "verified", model);
            });
        });
    }

    @GetMapping("/requests/status")
    public ResponseEntity<String> statusForm() {
        return html.page(200, "status", Map.of("title", "Check your request"));
    }

    @PostMapping("/requests/status")
    public Mono<ResponseEntity<String>> statusPage(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String requestId = form.getFirst("requestId") == null ? "" : form.getFirst("requestId").trim();
            String token = form.getFirst("token") == null ? "" : form.getFirst("token").trim();
            return status.read(requestId, token).map(found -> {
                Map<String, Object> model = new HashMap<>(Map.of("title", "Your request", "requestId", requestId));
                if (found.isEmpty()) {
                    model.put("notFound", true);
                    return html.page(404, "status", model);
                }
                model.put("report", WithdrawalPages.reportModel(found.get(), token, mapper));
                return html.page(200, "status", model);
            });
        });
    }

    private static Map<String, String> values(MultiValueMap<String, String> form) {
        Map<String, String> values = new HashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        return values;
    }

    /** Every consent purpose the form offers for this organisation ({@link SubmissionRules#purposesOffered}). */
    private static List<ConsentPurpose> offered(Organisation org, Map<String, Organisation> all) {
        return SubmissionRules.purposesOffered(org, null, id -> Optional.ofNullable(all.get(id)));
    }

    /**
     * The form's fields as the JSON API's body. The consent purposes are the ticked boxes; what the
     * subject withdraws in their own words ({@code consentWords}) joins the description, where the
     * API carries it, for staff to map (Art 7(3)).
     */
    private static RequestJson toJson(String organisationId, Map<String, String> v, List<String> purposes) {
        String membership = RequestJson.blankToNull(v.get("membershipNumber"));
        String words = RequestJson.blankToNull(v.get("consentWords"));
        String description = RequestJson.blankToNull(v.get("description"));
        if (words != null && "consent_withdrawal".equals(v.get("right"))) {
            description = "Consent withdrawn, in my own words: " + words.trim()
                    + (description == null ? "" : "\n\n" + description);
        }
        return new RequestJson(v.getOrDefault("right", ""),
                new RequestJson.SubjectJson(v.getOrDefault("name", ""), v.getOrDefault("email", ""), v.get("phone"),
                        v.get("postalAddress"), membership == null ? Map.of() : Map.of("membershipNumber", membership)),
                organisationId, v.get("serviceId"), RequestJson.blankToNull(v.get("relationship")),
                new RequestJson.DetailsJson(description, v.get("rectificationWhatIsWrong"), v.get("rectificationCorrection"),
                        RequestJson.blankToNull(v.get("restrictionGround")), v.get("objectionProcessing"),
                        "true".equals(v.get("objectionDirectMarketing")), v.get("portabilityTargetController"), purposes));
    }

    /** The restriction grounds in the subject's words (Art 18(1)(a)-(d)), in the order of the Article. */
    private static final Map<String, String> GROUNDS = grounds();

    private static Map<String, String> grounds() {
        Map<String, String> grounds = new LinkedHashMap<>();
        grounds.put("ACCURACY_CONTESTED", "The data is wrong and should not be used while it is checked");
        grounds.put("UNLAWFUL_PROCESSING", "The use is unlawful but I do not want it erased");
        grounds.put("LEGAL_CLAIMS", "I need the data kept for a legal claim");
        grounds.put("OBJECTION_PENDING", "I objected and am waiting for a decision");
        return grounds;
    }

    private static Map<String, Object> formModel(Organisation org, List<ConsentPurpose> offered,
            Map<String, String> values, List<String> chosenPurposes, List<FieldError> errors, Map<String, Organisation> all) {
        java.util.function.Function<String, String> names = id -> id == null || !all.containsKey(id) ? null : all.get(id).name();
        Map<String, Object> model = new HashMap<>();
        model.put("hasPurposes", !offered.isEmpty());
        model.put("purposes", offered.stream().map(p -> Map.of("id", p.id(), "name", p.name(),
                "description", p.description() == null ? "" : p.description(),
                "checked", chosenPurposes.stream().anyMatch(p.id()::equalsIgnoreCase))).toList());
        model.put("title", (errors.isEmpty() ? "" : "Error: ") + "Request to " + org.name());
        model.put("organisationId", org.id());
        model.put("organisationName", org.name());
        String chosen = values.getOrDefault("right", "");
        List<Map<String, Object>> rights = new ArrayList<>();
        for (RightType right : RightType.values()) {
            if (org.accepts(right)) {
                rights.add(Map.of("code", right.code(), "words", capitalise(right.plainWords()) + " (" + right.source() + ")",
                        "selected", right.code().equals(chosen)));
            }
        }
        model.put("rights", rights);
        model.put("grounds", GROUNDS.entrySet().stream().map(g -> Map.of("value", g.getKey(), "words", g.getValue(),
                "selected", g.getKey().equals(values.get("restrictionGround")))).toList());
        model.put("directMarketing", "true".equals(values.get("objectionDirectMarketing")));
        model.put("hasServices", !org.services().isEmpty());
        model.put("services", org.services().stream().map(s -> Map.of("id", s.id(), "name", s.name(),
                "selected", s.id().equals(values.get("serviceId")))).toList());
        List<Map<String, Object>> relationshipGroups = new ArrayList<>();
        for (Service service : org.services()) {
            if (!service.relationships().isEmpty()) {
                relationshipGroups.add(Map.of("service", service.name(), "choices", service.relationships().stream()
                        .map(r -> Map.of("value", r.value(), "words", r.words(names.apply(r.controllerId())),
                                "selected", r.value().equals(Relationship.canonical(values.get("relationship")))))
                        .toList()));
            }
        }
        model.put("hasRelationships", !relationshipGroups.isEmpty());
        model.put("relationshipGroups", relationshipGroups);
        // shown back without the control characters the form refuses (an escape sequence in a value attribute)
        Map<String, String> shown = new HashMap<>();
        values.forEach((k, v) -> shown.put(k, JsonBodies.withoutControlCharacters(v)));
        model.put("v", shown);
        // One message per field, next to it and in the summary, linking to the field (GOV.UK error summary).
        List<Map<String, String>> summary = new ArrayList<>();
        Map<String, String> byField = new LinkedHashMap<>();
        List<FieldError> inPageOrder = new ArrayList<>(errors);
        inPageOrder.sort(java.util.Comparator.comparingInt(e -> {
            int at = FIELD_ORDER.indexOf(formField(e.field()));
            return at < 0 ? FIELD_ORDER.size() : at;
        }));
        for (FieldError e : inPageOrder) {
            String key = formField(e.field());
            String message = capitalise(e.message());
            if (byField.putIfAbsent("err_" + key, message) == null) {
                String anchor = "consentPurposes".equals(key) && offered.isEmpty() ? "consentWords" : key;
                summary.add(Map.of("anchor", anchor, "message", message));
            }
        }
        model.putAll(byField);
        model.put("hasErrors", !errors.isEmpty());
        model.put("errors", summary);
        return model;
    }

    /** The form's fields in the order they appear, so the error summary lists them in that order. */
    private static final List<String> FIELD_ORDER = List.of("right", "serviceId", "relationship", "name", "email", "phone",
            "postalAddress", "membershipNumber", "description", "rectificationWhatIsWrong", "rectificationCorrection",
            "restrictionGround", "objectionProcessing", "portabilityTargetController", "consentPurposes");

    /**
     * The form field an error of the JSON body is about: {@code subject.email} is the field {@code email},
     * {@code details.consentPurposes[1]} the purposes, {@code subject.identifiers[membershipNumber]} the membership
     * number (the form's one identifier).
     */
    private static String formField(String jsonPath) {
        if (jsonPath.startsWith("subject.identifiers")) {
            return "membershipNumber";
        }
        return jsonPath.replaceAll("\\[[^]]*]", "").replaceAll(".*\\.", "");
    }

    private static String capitalise(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
