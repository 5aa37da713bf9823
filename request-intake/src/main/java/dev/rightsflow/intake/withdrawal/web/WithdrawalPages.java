package dev.rightsflow.intake.withdrawal.web;

import dev.rightsflow.intake.shared.web.HtmlTemplates;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.intake.status.application.ReadStatus;
import dev.rightsflow.intake.withdrawal.application.WithdrawRequest;
import dev.rightsflow.intake.status.model.StatusReport;
import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Withdraw this request" on the citizen's status page, in two steps and without JavaScript: the
 * button on the status page asks for confirmation (what withdrawing means: nothing more is done,
 * work already done such as an erasure is not undone), and only the confirming POST withdraws
 * ({@link WithdrawRequest}). The reference and status token travel as form fields in POST bodies,
 * never in a URL. A closed or refused request cannot be withdrawn: the status page says so (409).
 */
@Hidden
@RestController
public class WithdrawalPages {

    private final ReadStatus status;
    private final WithdrawRequest withdrawals;
    private final HtmlTemplates html;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public WithdrawalPages(ReadStatus status, WithdrawRequest withdrawals, HtmlTemplates html) {
        this.status = status;
        this.withdrawals = withdrawals;
        this.html = html;
    }

    @PostMapping("/requests/withdraw")
    public Mono<ResponseEntity<String>> withdraw(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String requestId = trimmed(form.getFirst("requestId"));
            String token = trimmed(form.getFirst("token"));
            if (!"yes".equals(form.getFirst("confirm"))) {
                return status.read(requestId, token).map(found -> {
                    if (found.isEmpty() || !found.get().open()) {
                        return statusPage(requestId, token, found, null);
                    }
                    return html.page(200, "withdraw", Map.of("title", "Withdraw your request", "requestId", requestId,
                            "statusToken", token, "rightWords", found.get().rightWords()));
                });
            }
            return withdrawals.bySubject(requestId, token).flatMap(outcome -> {
                if (outcome.result() != WithdrawRequest.Result.WITHDRAWN) {
                    return Mono.just(statusPage(requestId, token, outcome.before(), null));
                }
                return status.read(requestId, token).map(found -> statusPage(requestId, token, found,
                        "You have withdrawn this request. Nothing more will be done with it; anything already done "
                                + "(for example data already erased) is not undone."));
            });
        });
    }

    /** The status page: 404 when not found, 409 with a message when closed and nothing was withdrawn now. */
    private ResponseEntity<String> statusPage(String requestId, String token, Optional<StatusReport> found, String withdrawn) {
        Map<String, Object> model = new HashMap<>(Map.of("title", "Your request", "requestId", requestId));
        if (found.isEmpty()) {
            model.put("notFound", true);
            return html.page(404, "status", model);
        }
        model.put("report", reportModel(found.get(), token, mapper));
        if (withdrawn != null) {
            model.put("withdrawnNow", withdrawn);
            ((Map<String, Object>) model.get("report")).put("withdrawable", false);
            return html.page(200, "status", model);
        }
        model.put("cannotWithdraw", "This request is already " + found.get().state().toLowerCase(java.util.Locale.ROOT)
                + ", so it can no longer be withdrawn.");
        return html.page(409, "status", model);
    }

    /**
     * The status page's view of a report: the report's fields, whether lists are present, and, while
     * the request is open, what the "Withdraw this request" form carries (the token as a hidden field).
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> reportModel(StatusReport report, String token, JsonMapper mapper) {
        Map<String, Object> model = mapper.convertValue(report, Map.class);
        model.put("hasTasks", !report.tasks().isEmpty());
        model.put("hasExemptions", !report.exemptions().isEmpty());
        model.put("hasSignposts", !report.signposts().isEmpty());
        model.put("withdrawable", report.open());
        model.put("statusToken", token);
        return model;
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
