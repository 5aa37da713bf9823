package dev.rightsflow.router.webhooks.web;

import dev.rightsflow.router.cases.web.CaseController;
import dev.rightsflow.router.registry.web.RegistryController;
import dev.rightsflow.router.security.RouterSecurity;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.webhooks.application.PreApprovals;
import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.router.webhooks.model.Delivery;
import dev.rightsflow.router.webhooks.model.WebhookSignature;
import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;
import reactor.core.publisher.Mono;

/**
 * Webhooks over HTTP: an organisation's delivery log ({@code GET /api/v1/registry/organisations/{id}/webhook-deliveries},
 * the admin or the organisation's own token), and the answers of pre-approval webhooks
 * ({@code POST /router/pre-approval/{requestId}/eligible|not-eligible}, open to the security chain: each answer is
 * verified by its Standard Webhooks signature). No personal data: ids, types, states, status codes and times.
 */
@RestController
public class WebhookController {

    private static final int LOG_LIMIT = 200;

    private final WebhookDeliveries deliveries;
    private final PreApprovals preApprovals;
    private final CaseStore cases;
    private final RegistryService registry;
    private final Clock clock;

    public WebhookController(@Qualifier("routerWebhookDeliveries") WebhookDeliveries deliveries,
            @Qualifier("routerPreApprovals") PreApprovals preApprovals, @Qualifier("routerCaseStore") CaseStore cases,
            @Qualifier("routerRegistryService") RegistryService registry, @Qualifier("routerClock") Clock clock) {
        this.deliveries = deliveries;
        this.preApprovals = preApprovals;
        this.cases = cases;
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * One delivery in the log.
     *
     * @param state       PENDING (next attempt at {@code nextAttemptAt}), DELIVERED or DEAD
     * @param preApproval for the pre-approval webhook's message: APPROVED, REFUSED, AWAITING_ANSWER (until
     *                    {@code answerBy}) or NO_ANSWER (the case waits for staff)
     */
    public record DeliveryView(String deliveryId, String webhookId, String eventType, String requestId,
            Instant triggeredAt, String state, Instant nextAttemptAt, List<Delivery.Attempt> attempts,
            String preApproval, Instant answerBy) {
    }

    @GetMapping(path = "/api/v1/registry/organisations/{id}/webhook-deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> log(@PathVariable String id, @RequestParam(name = "state", required = false) String state,
            ServerWebExchange exchange) {
        return exchange.getPrincipal().map(p -> RouterSecurity.mayActFor(p, id)).defaultIfEmpty(false)
                .flatMap(allowed -> allowed ? CaseController.blocking(() -> logOf(id, state)) : Mono.just(RegistryController.problem(
                        new ProblemException(ProblemType.FORBIDDEN, "this token may read only its own organisation's"
                                + " webhook deliveries"))));
    }

    private ResponseEntity<?> logOf(String organisationId, String state) {
        if (registry.current().organisation(organisationId).isEmpty()) {
            return RegistryController.problem(RegistryController.notFound(organisationId));
        }
        if (state != null && List.of(Delivery.State.values()).stream().noneMatch(s -> s.name().equals(state))) {
            return RegistryController.problem(ProblemException.invalid("state must be PENDING, DELIVERED or DEAD",
                    List.of(new Problem.FieldError("state", "must be PENDING, DELIVERED or DEAD"))));
        }
        List<DeliveryView> views = deliveries.log(organisationId, LOG_LIMIT).stream()
                .filter(d -> state == null || d.state().name().equals(state)).map(this::view).toList();
        return ResponseEntity.ok(Map.of("organisationId", organisationId, "deliveries", views));
    }

    private DeliveryView view(Delivery d) {
        String pre = null;
        Instant answerBy = null;
        if (Delivery.PRE_APPROVAL.equals(d.webhookId())) {
            answerBy = deliveries.answerBy(d).orElse(null);
            CaseState c = cases.load(d.requestId()).map(CaseStore.StoredCase::state).orElse(null);
            Instant by = answerBy;
            pre = c == null ? null : c.accepted() ? "APPROVED" : c.refusalGround() != null ? "REFUSED"
                    : by != null && clock.instant().isAfter(by) ? "NO_ANSWER" : "AWAITING_ANSWER";
        }
        return new DeliveryView(d.deliveryId(), d.webhookId(), d.eventType(), d.requestId(), d.triggeredAt(),
                d.state().name(), d.nextAttemptAt(), d.attempts(), pre, answerBy);
    }

    @PostMapping(path = "/api/v1/router/pre-approval/{requestId}/{answer}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> answer(@PathVariable String requestId, @PathVariable String answer,
            @RequestHeader(name = WebhookSignature.ID, required = false) String id,
            @RequestHeader(name = WebhookSignature.TIMESTAMP, required = false) String timestamp,
            @RequestHeader(name = WebhookSignature.SIGNATURE, required = false) String signature,
            @RequestBody(required = false) String body) {
        if (!"eligible".equals(answer) && !"not-eligible".equals(answer)) {
            return Mono.just(RegistryController.problem(ProblemException.notFound("answer with .../eligible or .../not-eligible")));
        }
        return CaseController.blocking(() -> {
            PreApprovals.Outcome outcome = preApprovals.answer(requestId, "eligible".equals(answer),
                    new PreApprovals.Signed(id, timestamp, signature), body);
            if (outcome instanceof PreApprovals.Outcome.Taken t) {
                return ResponseEntity.accepted().body(Map.of("requestId", t.requestId(), "answer", answer, "detail",
                        t.eligible() ? "approved: the request's tasks are planned"
                                : "refused: the request is refused with the reason given"));
            }
            if (outcome instanceof PreApprovals.Outcome.Unknown u) {
                return RegistryController.problem(ProblemException.notFound(u.detail()));
            }
            if (outcome instanceof PreApprovals.Outcome.Unsigned u) {
                return RegistryController.problem(new ProblemException(ProblemType.UNAUTHORISED, u.detail()));
            }
            if (outcome instanceof PreApprovals.Outcome.Decided d) {
                return RegistryController.problem(new ProblemException(ProblemType.CONFLICT, d.detail()));
            }
            return RegistryController.problem(new ProblemException(ProblemType.INVALID,
                    ((PreApprovals.Outcome.Invalid) outcome).detail()));
        });
    }

}
