package dev.rightsflow.intake.submission.application;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.request.application.RequestEvents;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.verification.application.VerifyIdentity;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.deadline.ClockFacts;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.StatutoryDeadline;
import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.request.model.AcceptedRequest;
import dev.rightsflow.intake.submission.model.Admission;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.request.model.Forwarding;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.request.model.RequestContent;
import dev.rightsflow.intake.request.model.RequestKeys;
import dev.rightsflow.intake.status.model.StatusReport;
import dev.rightsflow.intake.request.model.Submission;
import dev.rightsflow.intake.submission.model.SubmissionRules;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.schemas.Events;
import reactor.core.publisher.Mono;

/**
 * Accepts a rights request from any way in (API, web form, processor API, OpenDSR):
 * <ol>
 *   <li>checks it against the registry and the per-right rules; a rejection writes nothing;</li>
 *   <li>with an Idempotency-Key, derives the request id from the caller's scope and the key, so a
 *       retry is the same request with the same status token ({@link RequestKeys}), and claims it in the
 *       {@link IdempotencyStore}: a request already known there (written when it was published, or
 *       rebuilt from the topic by the listener after a crash) is answered with its receipt again and
 *       not published again; another content under the same key is a conflict;</li>
 *   <li>computes the provisional statutory deadline from the earliest receipt in the chain
 *       (Art 12(3), ICO method) and flags a duplicate within the window, the
 *       {@link DuplicateRegister} deciding atomically which of two simultaneous requests is first;</li>
 *   <li>publishes {@code RequestReceived} and answers only after the broker acknowledged it; if
 *       the broker does not, gives the key back and answers "unavailable";</li>
 *   <li>then starts identity verification where the organisation requires it for that right.</li>
 * </ol>
 */
public class SubmitRequest {

    private static final Logger log = LoggerFactory.getLogger(SubmitRequest.class);

    /** The outcome of a submission, mapped to HTTP by the web adapters. */
    public sealed interface Result {
        record Accepted(Receipt receipt, boolean replayed) implements Result {
        }

        record Rejected(List<FieldError> errors) implements Result {
        }

        /** The Idempotency-Key was used with another body (409). */
        record KeyReused() implements Result {
        }

        /** The Idempotency-Key's first call is still being processed (409, retry later). */
        record InProgress() implements Result {
        }

        /** The broker did not acknowledge; nothing was written (503). */
        record Unavailable() implements Result {
        }
    }

    /**
     * Who submits and how: the channel, the actor id, for processors the hop, and the moment the
     * request reached its first recipient when that was before it reached this service (a processor's
     * receipt, or the day a letter or email reached the organisation); null means now.
     */
    public record Origin(Channel channel, String actorId, String processorId, String processorReference,
            Instant receivedAt) {

        private static final String MAILBOX = "mailbox:";

        public static Origin citizen(Channel channel) {
            return new Origin(channel, channel == Channel.WEB_FORM ? "web-form" : "api", null, null, null);
        }

        public static Origin processor(Channel channel, String processorId, String reference, Instant receivedAt) {
            return new Origin(channel, processorId, processorId, reference, receivedAt);
        }

        /**
         * A mail read from an organisation's inbound mailbox ({@code mailbox.MailboxIntake}): channel EMAIL,
         * received when the organisation's mail server received it (IMAP INTERNALDATE). Its
         * Idempotency-Keys are the mailbox's own ({@link #scope()}).
         */
        public static Origin mailbox(String organisationId, Instant receivedAt) {
            return new Origin(Channel.EMAIL, MAILBOX + organisationId, null, null, receivedAt);
        }

        /** Whether the request was read from an organisation's inbound mailbox. */
        public boolean mailbox() {
            return channel == Channel.EMAIL && actorId != null && actorId.startsWith(MAILBOX);
        }

        /** An organisation's own system submitting for itself over OpenDSR. */
        public static Origin organisation(Channel channel, String organisationId) {
            return new Origin(channel, organisationId, null, null, null);
        }

        /** Prefix of the actor id of a request a member of staff logged ({@link #staff}). */
        public static final String STAFF_ACTOR = "staff:";

        /**
         * A request that reached the organisation by letter, email, phone or in person, logged by one of its staff
         * (their user name); the clock counts from {@code receivedAt}, the start of the day it arrived.
         */
        public static Origin staff(Channel channel, String staffUser, Instant receivedAt) {
            return new Origin(channel, STAFF_ACTOR + staffUser, null, null, receivedAt);
        }

        /** Whether a member of staff logged the request ({@link #staff}). */
        public boolean loggedByStaff() {
            return actorId != null && actorId.startsWith(STAFF_ACTOR);
        }

        boolean forwarded() {
            return processorId != null;
        }

        /** Whose Idempotency-Keys these are: each organisation has its own, citizens share one. */
        public String scope() {
            if (processorId != null) {
                return "processor:" + processorId;
            }
            if (mailbox() || loggedByStaff()) {
                return actorId;
            }
            return channel == Channel.OPENDSR ? "organisation:" + actorId : "public";
        }
    }

    private final RegistryView registry;
    private final RequestEvents events;
    private final StatusStore statuses;
    private final DuplicateRegister duplicates;
    private final IdempotencyStore idempotency;
    private final VerifyIdentity verification;
    private final DeadlineEngine deadlines;
    private final RequestIntakeProperties properties;
    private final Clock clock;
    private final RequestKeys keys;
    private final WrittenAtSubmission written;

    public SubmitRequest(RegistryView registry, RequestEvents events, StatusStore statuses, DuplicateRegister duplicates,
            IdempotencyStore idempotency, VerifyIdentity verification, DeadlineEngine intakeDeadlineEngine,
            RequestIntakeProperties properties, Clock intakeClock,
            RequestKeys keys, WrittenAtSubmission written) {
        this.registry = registry;
        this.events = events;
        this.statuses = statuses;
        this.duplicates = duplicates;
        this.idempotency = idempotency;
        this.verification = verification;
        this.deadlines = intakeDeadlineEngine;
        this.properties = properties;
        this.clock = intakeClock;
        this.keys = keys;
        this.written = written;
    }

    /**
     * @param idempotencyKey the caller's Idempotency-Key, or null; reused with the same content (as
     *                       published: {@link RequestContent}) it gives the first answer again
     */
    public Mono<Result> submit(Submission submission, Origin origin, String idempotencyKey) {
        return registry.snapshot().flatMap(all -> {
            Admission admission = origin.forwarded()
                    ? SubmissionRules.admitForwarded(submission, origin.processorId(), id -> java.util.Optional.ofNullable(all.get(id)))
                    : origin.mailbox() ? SubmissionRules.admitMailed(submission, id -> java.util.Optional.ofNullable(all.get(id)))
                    : SubmissionRules.admit(submission, id -> java.util.Optional.ofNullable(all.get(id)));
            if (admission instanceof Admission.Rejected rejected) {
                return Mono.just(new Result.Rejected(rejected.errors()));
            }
            Admission.Admitted admitted = (Admission.Admitted) admission;
            if (admitted.verification() == Verification.EMAIL_CODE && !verification.canSendCodes()) {
                return Mono.just(new Result.Rejected(List.of(new FieldError("right", admitted.organisation().name()
                        + " confirms identity for this right with a code sent by email, which this service is not set up"
                        + " to send; please contact the organisation directly"))));
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (origin.receivedAt() != null
                    && origin.receivedAt().isAfter(now.plus(properties.signatureTolerance()))) {
                return Mono.just(new Result.Rejected(List.of(new FieldError("receivedAt", "must not be in the future"))));
            }
            if (idempotencyKey == null) {
                return accept(submission, origin, admitted, UUID.randomUUID().toString(), now, all, null);
            }
            String scope = origin.scope();
            String requestId = requestIdFor(scope, idempotencyKey);
            String digest = keys.contentDigest(RequestContent.of(addressed(submission, admitted.organisation()),
                    origin.channel(), origin.processorId(), origin.forwarded() ? origin.processorReference() : null));
            return idempotency.claim(requestId, scope, idempotencyKey, digest, now, now.plus(properties.idempotencyLease()))
                    .flatMap(claim -> {
                        if (claim instanceof IdempotencyStore.Claim.Existing existing) {
                            if (!digest.equals(existing.contentDigest())) {
                                return Mono.just((Result) new Result.KeyReused());
                            }
                            return Mono.just(existing.receipt() == null ? new Result.InProgress()
                                    : new Result.Accepted(withToken(existing.receipt()), true));
                        }
                        AtomicBoolean statusWritten = new AtomicBoolean();
                        return accept(submission, origin, admitted, requestId, now, all, statusWritten)
                                .flatMap(result -> result instanceof Result.Accepted accepted
                                        ? idempotency.complete(requestId, accepted.receipt())
                                                .then(Mono.fromRunnable(() -> {
                                                    if (statusWritten.get()) {
                                                        written.add(requestId);
                                                    }
                                                }))
                                                .thenReturn(result)
                                        : idempotency.release(requestId).thenReturn(result));
                    });
        });
    }

    private Mono<Result> accept(Submission submission, Origin origin, Admission.Admitted admitted, String requestId,
            Instant now, Map<String, Organisation> registryNow, AtomicBoolean keyedStatusWritten) {
        Organisation addressed = admitted.organisation();
        Instant receivedAt = origin.receivedAt() != null && origin.receivedAt().isBefore(now)
                ? origin.receivedAt().truncatedTo(ChronoUnit.MILLIS) : now;
        Forwarding forwarding = origin.forwarded()
                ? new Forwarding(origin.processorId(), addressed.id(), origin.processorReference(), receivedAt)
                : null;
        Verification method = admitted.verification();
        StatutoryDeadline firstDeadline = provisionalDeadline(addressed, receivedAt);
        LocalDate provisional = firstDeadline.due();
        // Without an email (an OpenDSR request naming the subject by other identities) the identities are the subject.
        String fingerprint = Hashing.subjectFingerprint(submission.subject().email(),
                submission.subject().identifiers(), addressed.id(), submission.right());
        String token = keys.statusToken(requestId);
        String tokenHash = Hashing.sha256Hex(token);
        return duplicates.firstOrRegister(fingerprint, requestId, now, now.minus(properties.duplicateWindow()))
                .flatMap(duplicate -> {
                    String duplicateOf = duplicate.orElse(null);
                    Submission addressedSubmission = addressed(submission, addressed);
                    AcceptedRequest request = new AcceptedRequest(requestId, addressedSubmission, origin.channel(),
                            origin.actorId(), now, receivedAt, forwarding, method, provisional, duplicateOf, tokenHash);
                    return events.received(request)
                            .then(Mono.defer(() -> afterPublish(request, addressed, fingerprint, submission, keyedStatusWritten)))
                            .thenReturn((Result) new Result.Accepted(new Receipt(requestId, token, receivedAt, provisional,
                                    method, duplicateOf, firstDeadline.provisionalReason()), false))
                            .onErrorResume(RequestEvents.BrokerUnavailableException.class, e -> {
                                log.warn("request {} not accepted: broker unavailable", requestId);
                                return duplicates.forget(fingerprint, requestId).onErrorResume(f -> Mono.empty())
                                        .thenReturn(new Result.Unavailable());
                            });
                });
    }

    /**
     * After the broker acknowledged: the status is written at once, so the status URL in the answer
     * reads at once, and the request is noted in {@link WrittenAtSubmission} so the listener does not
     * write it again (if this write fails, the listener writes it); then verification starts. Failures
     * here do not undo the request: it is on the topic, and the subject can ask for a new code.
     */
    private Mono<Void> afterPublish(AcceptedRequest request, Organisation addressed, String fingerprint,
            Submission submission, AtomicBoolean keyedStatusWritten) {
        CaseFact.Received fact = receivedFact(request, fingerprint, addressed);
        Mono<Void> status = statuses.apply(request.requestId(), fact)
                .doOnSuccess(folded -> {
                    if (keyedStatusWritten == null) {
                        written.add(request.requestId());
                    } else {
                        keyedStatusWritten.set(true);
                    }
                })
                .then()
                .onErrorResume(e -> {
                    log.warn("status of request {} not written yet ({}); the listener will", request.requestId(),
                            e.getClass().getSimpleName());
                    return Mono.empty();
                });
        Mono<Void> verify = request.verification().required()
                ? verification.start(request.requestId(), request.verification(), submission.subject().email())
                        .onErrorResume(e -> {
                            log.warn("verification of request {} not started: {}", request.requestId(),
                                    e.getClass().getSimpleName());
                            return Mono.empty();
                        })
                : Mono.empty();
        log.info("request {} received: right={} organisation={} channel={} verification={} duplicateOf={}",
                request.requestId(), request.submission().right(), addressed.id(), request.channel(),
                request.verification(), request.duplicateOf());
        return status.then(verify);
    }

    /**
     * The request id a keyed submission gets: the same key of the same caller is the same request.
     * A name-based UUID (version 3), which a random id (version 4) never is, so the listener can tell
     * a keyed request from its id ({@link #keyed}). It needs no secret: the id grants nothing without
     * the status token, and ids stay the same when the secret changes.
     */
    public static String requestIdFor(String scope, String idempotencyKey) {
        return Events.derivedId("request", scope, idempotencyKey);
    }

    /** Whether a request id was made by {@link #requestIdFor} (a name-based UUID) rather than at random. */
    public static boolean keyed(String requestId) {
        try {
            return UUID.fromString(requestId).version() == 3;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** The submission as published: addressed to the organisation admission chose (the controller when forwarded). */
    private static Submission addressed(Submission submission, Organisation addressed) {
        return new Submission(submission.right(), submission.subject(), addressed.id(), submission.serviceId(),
                submission.relationship(), submission.details());
    }

    /** A stored receipt carries no token; the token is derived again from the request id. */
    private Receipt withToken(Receipt stored) {
        return new Receipt(stored.requestId(), keys.statusToken(stored.requestId()), stored.receivedAt(),
                stored.provisionalDeadline(), stored.verification(), stored.duplicateOf(), stored.deadlineProvisionalReason());
    }

    public static CaseFact.Received receivedFact(AcceptedRequest request, String fingerprint, Organisation addressed) {
        return new CaseFact.Received(Events.derivedId("request-received", request.requestId()), request.occurredAt(),
                request.requestId(), request.statusTokenHash(), request.submission().organisationId(),
                request.submission().serviceId(), request.submission().right(), request.channel(), request.receivedAt(),
                request.verification(), request.provisionalDeadline(), request.duplicateOf(), fingerprint,
                addressed == null ? null : addressed.division(),
                request.forwarding() == null ? null : request.forwarding().fromOrganisationId());
    }

    /**
     * One calendar month from the day of receipt, ICO method, division's bank holidays. Never left
     * open: beyond the years gov.uk has published the bank holidays come from the rules and the
     * date says so ({@link StatutoryDeadline#provisionalReason()}).
     */
    private StatutoryDeadline provisionalDeadline(Organisation organisation, Instant receivedAt) {
        return deadlines.statutory(ClockFacts.received(organisation.division(), StatusReport.day(receivedAt)));
    }
}
