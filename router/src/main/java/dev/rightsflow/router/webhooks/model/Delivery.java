package dev.rightsflow.router.webhooks.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One webhook message to one receiver about one case event, and every attempt to deliver it. Its id is sent as
 * {@code webhook-id} on every attempt, so a receiver that got it twice (at least once delivery) can tell.
 *
 * @param deliveryId     the message id ({@code webhook-id})
 * @param organisationId whose webhook it is
 * @param webhookId      the endpoint's id in the registry, or {@link #PRE_APPROVAL}
 * @param requestId      the request it is about
 * @param eventType      the payload's {@code type}, e.g. {@code request.accepted}
 * @param status         the case status the message reports (RECEIVED, ACCEPTED, REFUSED, READY_TO_ANSWER, CLOSED,
 *                       OVERDUE, AWAITING_PRE_APPROVAL)
 * @param triggerEventId the case event (or alert) it reports
 * @param triggeredAt    when that event happened
 * @param state          where the delivery stands
 * @param nextAttemptAt  when the next attempt is due (PENDING only)
 * @param payload        the body sent (fixed at the first attempt, the same on every retry); null before
 * @param attempts       every attempt, oldest first
 */
public record Delivery(String deliveryId, String organisationId, String webhookId, String requestId, String eventType,
        String status, String triggerEventId, Instant triggeredAt, State state, Instant nextAttemptAt, String payload,
        List<Attempt> attempts) {

    /** The webhook id of an organisation's pre-approval webhook. */
    public static final String PRE_APPROVAL = "pre-approval";

    /** PENDING: an attempt is owed at {@code nextAttemptAt}; DELIVERED: a 2xx answer; DEAD: no further attempt. */
    public enum State { PENDING, DELIVERED, DEAD }

    /** One attempt: its number (1 first), when it ended, the receiver's status, outcome, why it failed, when next. */
    public record Attempt(int attempt, Instant at, Integer statusCode, String outcome, String error,
            Instant nextAttemptAt) {
    }

    public Delivery {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** A delivery not yet attempted, due at once. */
    public static Delivery pending(String deliveryId, String organisationId, String webhookId, String requestId,
            String eventType, String status, String triggerEventId, Instant triggeredAt) {
        return new Delivery(deliveryId, organisationId, webhookId, requestId, eventType, status, triggerEventId,
                triggeredAt, State.PENDING, triggeredAt, null, List.of());
    }

    /**
     * This delivery with {@code attempt} folded in (a repeat of a known attempt number changes nothing); its state
     * is the latest attempt's outcome.
     */
    public Delivery with(Attempt attempt, String sentPayload) {
        if (attempts.stream().anyMatch(a -> a.attempt() == attempt.attempt())) {
            return this;
        }
        List<Attempt> all = new ArrayList<>(attempts);
        all.add(attempt);
        all.sort(Comparator.comparingInt(Attempt::attempt));
        Attempt last = all.get(all.size() - 1);
        State newState = switch (last.outcome()) {
            case "DELIVERED" -> State.DELIVERED;
            case "DEAD" -> State.DEAD;
            default -> State.PENDING;
        };
        return new Delivery(deliveryId, organisationId, webhookId, requestId, eventType, status, triggerEventId,
                triggeredAt, newState, newState == State.PENDING ? last.nextAttemptAt() : null,
                payload != null ? payload : sentPayload, all);
    }
}
