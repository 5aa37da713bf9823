package dev.rightsflow.router.webhooks.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.application.SecretResolver;
import dev.rightsflow.router.cases.model.CaseEvent;
import dev.rightsflow.router.cases.model.CaseInput;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.WebhookEvent;
import dev.rightsflow.router.registry.model.Webhooks;
import dev.rightsflow.router.webhooks.model.Delivery;
import dev.rightsflow.router.webhooks.model.WebhookAttempted;
import dev.rightsflow.router.webhooks.model.WebhookSignature;
import dev.rightsflow.schemas.Events;
import io.github.resilience4j.core.IntervalFunction;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers organisations' webhooks about their cases, at least once.
 * <ol>
 *   <li>{@link #on}: every case event the router published (CASES) and every alert (ALERTS) is folded, live and
 *       while catching up alike, as the model's facts (the Kafka adapters map the contract's events): an event an organisation's endpoint subscribed to ({@link WebhookEvent}) makes a
 *       pending delivery per endpoint (and {@code CaseOpened} of a case held for pre-approval one to the pre-approval
 *       webhook); a {@code WebhookAttempted} records an attempt. Events older than {@code maxAge} start no delivery
 *       (a rebuild does not notify about history; their attempts still fold into the log).</li>
 *   <li>{@link #deliverDue}: once the router is live, each due delivery is signed (Standard Webhooks,
 *       {@link WebhookSignature}) and posted through the outbound address guard; the outcome is published as
 *       {@code WebhookAttempted} (id derived from delivery and attempt number) and folded.</li>
 *   <li>A failure is retried after a capped exponential back-off with jitter (Resilience4j
 *       {@link IntervalFunction}); after {@code maxAttempts}, or at once when the address is refused or the
 *       endpoint or its secret is gone, the delivery is DEAD and shown so in the log.</li>
 * </ol>
 * Payloads carry no personal data: request id, organisation, right, status and deadline.
 */
public final class WebhookDeliveries {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveries.class);
    private static final int BATCH = 50;
    private static final Duration CASE_SAVED_WITHIN = Duration.ofSeconds(30);
    /** The router's path for pre-approval answers: {@code <base>/api/v1/router/pre-approval/<requestId>/eligible}. */
    public static final String PRE_APPROVAL_PATH = "/api/v1/router/pre-approval/";

    /**
     * @param maxAttempts attempts before a delivery is dead
     * @param backOff     the first back-off (doubling, ±50% jitter)
     * @param maxBackOff  the back-off's cap
     * @param timeout     one attempt's time limit
     * @param maxAge      events older than this when folded start no delivery
     * @param publicBaseUrl where external systems reach this router (the pre-approval reply-to URLs)
     */
    public record Settings(int maxAttempts, Duration backOff, Duration maxBackOff, Duration timeout, Duration maxAge,
            String publicBaseUrl) {
    }

    private final DeliveryStore store;
    private final CaseStore cases;
    private final RegistryService registry;
    private final SecretResolver secrets;
    private final EventPublisher<WebhookAttempted> publisher;
    private final WebhookCall call;
    private final JsonMapper json;
    private final Clock clock;
    private final Settings settings;
    private final IntervalFunction backOff;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /**
     * The controller of each recent request, from its {@code ControllerResolved} / {@code CaseOpened} (folded just
     * before): the case store is saved only after all of a decision's events are published, so a
     * {@code RequestAccepted} published with the case's {@code CaseOpened} can arrive before the case is saved.
     */
    private final Map<String, String> controllers = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > 10_000;
                }
            });

    public WebhookDeliveries(DeliveryStore store, CaseStore cases, RegistryService registry, SecretResolver secrets,
            EventPublisher<WebhookAttempted> publisher, WebhookCall call, JsonMapper json, Clock clock, Settings settings) {
        this.store = store;
        this.cases = cases;
        this.registry = registry;
        this.secrets = secrets;
        this.publisher = publisher;
        this.call = call;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.backOff = IntervalFunction.ofExponentialRandomBackoff(settings.backOff(), 2.0, 0.5, settings.maxBackOff());
    }

    /** Folds one attempt read from CASES (see the class comment). */
    public void on(WebhookAttempted a) {
        Delivery known = store.find(a.deliveryId()).orElseGet(() -> Delivery.pending(a.deliveryId(),
                a.organisationId(), a.webhookId(), a.requestId(), a.eventType(), null, a.triggerEventId(),
                a.occurredAt()));
        store.save(known.with(a.toAttempt(), a.payload()));
    }

    /** Folds one other event of CASES or ALERTS (see the class comment). */
    public void on(CaseInput event) {
        if (event instanceof CaseEvent.ControllerResolved resolved) {
            controllers.put(resolved.requestId(), resolved.controllerId());
            return;
        }
        if (event instanceof CaseEvent.CaseOpened opened) {
            controllers.put(opened.requestId(), opened.controllerId());
        }
        if (event.occurredAt().isBefore(clock.instant().minus(settings.maxAge()))) {
            return; // history: a rebuild notifies nobody about it (and reads no case for it)
        }
        Optional<Trigger> trigger = trigger(event);
        if (trigger.isEmpty() || trigger.get().organisationId() == null) {
            return;
        }
        Trigger t = trigger.get();
        Optional<Organisation> org = registry.current().organisation(t.organisationId());
        if (org.isEmpty()) {
            return;
        }
        Webhooks webhooks = org.get().webhooks();
        String eventId = event.eventId();
        if (t.event() != null) {
            for (Webhooks.Endpoint endpoint : webhooks.subscribedTo(t.event())) {
                start(t, endpoint.id(), t.event().type(), eventId, event.occurredAt());
            }
        }
        if (event instanceof CaseEvent.CaseOpened opened && opened.awaitingDecision() && webhooks.preApproval() != null) {
            start(new Trigger(null, t.organisationId(), event.requestId(), "AWAITING_PRE_APPROVAL"),
                    Delivery.PRE_APPROVAL, WebhookEvent.PRE_APPROVAL_TYPE, eventId, event.occurredAt());
        }
    }

    private void start(Trigger t, String webhookId, String type, String eventId, Instant at) {
        String deliveryId = deliveryId(eventId, webhookId);
        if (store.find(deliveryId).isEmpty()) {
            store.save(Delivery.pending(deliveryId, t.organisationId(), webhookId, t.requestId(), type, t.status(),
                    eventId, at));
        }
    }

    /** The message id of the delivery of {@code triggerEventId} to {@code webhookId} ({@code webhook-id}). */
    public static String deliveryId(String triggerEventId, String webhookId) {
        return "msg_" + Events.derivedId("webhook", triggerEventId, webhookId);
    }

    /** Makes every due attempt now (only once the router is live). @return attempts made */
    public int deliverDue() {
        int made = 0;
        for (Delivery d : store.due(clock.instant(), BATCH)) {
            if (!inFlight.add(d.deliveryId())) {
                continue;
            }
            try {
                if (attempt(d)) {
                    made++;
                }
            } catch (RuntimeException e) {
                log.warn("webhook {} of {}: attempt not recorded ({}); tried again at the next check", d.deliveryId(),
                        d.organisationId(), e.getClass().getSimpleName());
            } finally {
                inFlight.remove(d.deliveryId());
            }
        }
        return made;
    }

    /** The organisation's delivery log, newest first. */
    public List<Delivery> log(String organisationId, int limit) {
        return store.ofOrganisation(organisationId, limit);
    }

    /** When the pre-approval webhook of the delivery's organisation must have answered, or empty. */
    public Optional<Instant> answerBy(Delivery d) {
        return registry.current().organisation(d.organisationId()).map(o -> o.webhooks().preApproval())
                .flatMap(Webhooks.PreApproval::answerTime).map(d.triggeredAt()::plus);
    }

    /** @return false when the attempt is put off (the case is not saved yet) */
    private boolean attempt(Delivery d) {
        int number = d.attempts().size() + 1;
        Instant now = clock.instant();
        Optional<Organisation> org = registry.current().organisation(d.organisationId());
        Optional<Target> target = org.flatMap(o -> target(o, d.webhookId()));
        if (d.payload() == null && cases.load(d.requestId()).isEmpty()
                && d.triggeredAt().isAfter(now.minus(CASE_SAVED_WITHIN))) {
            return false; // the case is saved right after its events are published: its right and deadline then
        }
        String payload = d.payload() != null ? d.payload() : payload(d, org);
        if (target.isEmpty()) {
            record(d, number, null, "DEAD", "the webhook is no longer in the organisation's registry entry", null,
                    payload);
            return true;
        }
        Optional<String> secret = secrets.secret(target.get().secretRef());
        if (secret.isEmpty()) {
            record(d, number, null, "DEAD", "its signing secret " + target.get().secretRef() + " is not set", null,
                    payload);
            return true;
        }
        long timestamp = now.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookSignature.ID, d.deliveryId());
        headers.put(WebhookSignature.TIMESTAMP, String.valueOf(timestamp));
        headers.put(WebhookSignature.SIGNATURE, WebhookSignature.sign(secret.get(), d.deliveryId(), timestamp, payload));
        if (Delivery.PRE_APPROVAL.equals(d.webhookId())) {
            headers.put("reply-to-eligible", replyTo(d.requestId(), "eligible"));
            headers.put("reply-to-not-eligible", replyTo(d.requestId(), "not-eligible"));
        }
        WebhookCall.Result result = call.post(target.get().url(), headers, payload,
                org.get().allowedOutboundHosts(), settings.timeout());
        if (result.delivered()) {
            record(d, number, result.statusCode(), "DELIVERED", null, null, payload);
        } else if (result.refused() || number >= settings.maxAttempts()) {
            record(d, number, result.statusCode(), "DEAD", result.error()
                    + (result.refused() ? "" : "; " + number + " attempts made, no more"), null, payload);
        } else {
            record(d, number, result.statusCode(), "RETRYING", result.error(),
                    clock.instant().plusMillis(backOff.apply(number)), payload);
        }
        return true;
    }

    private void record(Delivery d, int number, Integer status, String outcome, String error, Instant next,
            String payload) {
        WebhookAttempted event = new WebhookAttempted(Events.derivedId(d.deliveryId(), "attempt", String.valueOf(number)),
                d.requestId(), clock.instant(), d.organisationId(), d.webhookId(), d.deliveryId(), d.eventType(),
                d.triggerEventId(), number, status, outcome, error, next, payload);
        publisher.publish(event);
        store.save(d.with(event.toAttempt(), payload));
        if (!"DELIVERED".equals(outcome)) {
            log.info("webhook {} of {} ({}): attempt {} {} ({})", d.deliveryId(), d.organisationId(), d.eventType(),
                    number, outcome, error);
        }
    }

    private record Target(String url, String secretRef) {
    }

    private static Optional<Target> target(Organisation o, String webhookId) {
        if (Delivery.PRE_APPROVAL.equals(webhookId)) {
            return Optional.ofNullable(o.webhooks().preApproval()).map(p -> new Target(p.url(), p.secretRef()));
        }
        return o.webhooks().endpoints().stream().filter(e -> e != null && webhookId.equals(e.id())).findFirst()
                .map(e -> new Target(e.url(), e.secretRef()));
    }

    private String replyTo(String requestId, String answer) {
        String base = settings.publicBaseUrl().endsWith("/") ? settings.publicBaseUrl()
                .substring(0, settings.publicBaseUrl().length() - 1) : settings.publicBaseUrl();
        return base + PRE_APPROVAL_PATH + requestId + "/" + answer;
    }

    /**
     * The message body (Standard Webhooks' convention: {@code type}, {@code timestamp}, {@code data}); nothing
     * about the subject. A pre-approval message also names the reply-to URLs and the time allowed.
     */
    private String payload(Delivery d, Optional<Organisation> org) {
        Optional<CaseState> c = cases.load(d.requestId()).map(CaseStore.StoredCase::state);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", d.requestId());
        data.put("organisationId", d.organisationId());
        data.put("right", c.map(s -> s.right).map(Enum::name).orElse(null));
        data.put("status", d.status());
        LocalDate deadline = c.map(CaseState::workingDeadline).orElse(null);
        data.put("deadline", deadline == null ? null : deadline.toString());
        if (Delivery.PRE_APPROVAL.equals(d.webhookId())) {
            data.put("replyToEligible", replyTo(d.requestId(), "eligible"));
            data.put("replyToNotEligible", replyTo(d.requestId(), "not-eligible"));
            answerBy(d).ifPresent(at -> data.put("answerBy", at.toString()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", d.eventType());
        body.put("timestamp", d.triggeredAt().toString());
        body.put("data", data);
        return json.writeValueAsString(body);
    }

    /** What an event reports, for whom: null event = no notification (the pre-approval alone may follow). */
    private record Trigger(WebhookEvent event, String organisationId, String requestId, String status) {
    }

    private Optional<Trigger> trigger(CaseInput event) {
        String requestId = event.requestId();
        if (event instanceof CaseEvent.CaseOpened e) {
            return Optional.of(new Trigger(WebhookEvent.REQUEST_RECEIVED, e.controllerId(), requestId, "RECEIVED"));
        }
        if (event instanceof CaseEvent.DeadlineAlertRaised e) {
            return "OVERDUE".equals(e.kind())
                    ? Optional.of(new Trigger(WebhookEvent.CASE_OVERDUE, e.controllerId(), requestId, "OVERDUE"))
                    : Optional.empty();
        }
        WebhookEvent type = event instanceof CaseEvent.RequestAccepted ? WebhookEvent.REQUEST_ACCEPTED
                : event instanceof CaseEvent.RequestRefused ? WebhookEvent.REQUEST_REFUSED
                : event instanceof CaseEvent.CaseReadyToAnswer ? WebhookEvent.READY_TO_ANSWER
                : event instanceof CaseEvent.CaseClosed ? WebhookEvent.CASE_CLOSED : null;
        if (type == null) {
            return Optional.empty();
        }
        String status = switch (type) {
            case REQUEST_ACCEPTED -> "ACCEPTED";
            case REQUEST_REFUSED -> "REFUSED";
            case READY_TO_ANSWER -> "READY_TO_ANSWER";
            default -> "CLOSED";
        };
        String controller = Optional.ofNullable(controllers.get(requestId))
                .or(() -> cases.load(requestId).map(s -> s.state().controllerId)).orElse(null);
        return Optional.of(new Trigger(type, controller, requestId, status));
    }
}
