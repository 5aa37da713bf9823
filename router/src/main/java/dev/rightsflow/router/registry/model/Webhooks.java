package dev.rightsflow.router.registry.model;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * An organisation's webhooks: signed outbound notifications about its cases (Standard Webhooks: {@code webhook-id},
 * {@code webhook-timestamp}, {@code webhook-signature}), and an optional pre-approval webhook whose answer a new
 * case waits for before any task is planned. Secrets are named ({@code secretRef}, a {@code whsec_} base64 key
 * looked up the way every router secret is), never held here.
 *
 * @param endpoints   where notifications go, each with the events it wants
 * @param preApproval the external system that approves or refuses each new request first; null: none
 */
public record Webhooks(List<Endpoint> endpoints, PreApproval preApproval) {

    public static final Webhooks NONE = new Webhooks(List.of(), null);

    public Webhooks {
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }

    /** The endpoints subscribed to {@code event}. */
    public List<Endpoint> subscribedTo(WebhookEvent event) {
        return endpoints.stream().filter(e -> e != null && e.events().contains(event)).toList();
    }

    /**
     * One receiver of notifications.
     *
     * @param id        stable id within the organisation, part of every delivery id
     * @param url       http(s) URL; it passes the outbound address checks (allowedOutboundHosts for internal hosts)
     * @param events    what it is told about
     * @param secretRef the name of its signing secret ({@code whsec_<base64>}, or any text used as the key's bytes)
     */
    public record Endpoint(String id, String url, List<WebhookEvent> events, String secretRef) {
        public Endpoint {
            // nulls kept (an unreadable entry) for the validator to report, not thrown here
            events = events == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(events));
        }
    }

    /**
     * The pre-approval webhook (as Fides' pre-approval webhooks): told of each new request, it answers later by a
     * signed call to the reply-to URLs it is given. No answer within {@code answerWithin}: the case waits for staff.
     *
     * @param url          http(s) URL of the external system
     * @param secretRef    the name of the secret that signs the call and its answer
     * @param answerWithin ISO-8601 duration ({@code PT48H}); absent: two days
     */
    public record PreApproval(String url, String secretRef, String answerWithin) {

        public static final Duration DEFAULT_ANSWER_WITHIN = Duration.ofDays(2);

        /** The time allowed for an answer; empty when {@code answerWithin} is not a positive ISO-8601 duration. */
        public Optional<Duration> answerTime() {
            if (answerWithin == null || answerWithin.isBlank()) {
                return Optional.of(DEFAULT_ANSWER_WITHIN);
            }
            try {
                Duration d = Duration.parse(answerWithin.trim());
                return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }
}
