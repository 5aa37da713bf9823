package dev.rightsflow.intake.verification.application;

import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.request.application.RequestEvents;
import dev.rightsflow.intake.status.application.StatusStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.status.model.CaseFact;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.intake.verification.model.VerificationCode;
import dev.rightsflow.schemas.Events;
import reactor.core.publisher.Mono;

/**
 * Identity verification (UK GDPR Art 12(6)); where required the clock starts at verification
 * (Art 12A), so {@code IdentityVerified} carries that moment.
 * <ul>
 *   <li>EMAIL_CODE: a six-digit code to the subject's email, stored hashed, expiring, single use,
 *       locked after too many wrong attempts, resent at most a few times an hour;</li>
 *   <li>DOCUMENTARY: staff confirm on the dashboard that they saw evidence (the
 *       {@code ConfirmIdentity} command); no documents pass through intake.</li>
 * </ul>
 */
public class VerifyIdentity {

    private static final Logger log = LoggerFactory.getLogger(VerifyIdentity.class);

    public sealed interface Result {
        record Verified(Instant verifiedAt) implements Result {
        }

        record Wrong(int attemptsLeft) implements Result {
        }

        record Expired() implements Result {
        }

        record AlreadyUsed() implements Result {
        }

        record Locked() implements Result {
        }

        record NotFound() implements Result {
        }

        /** This request is not verified by email code (none needed, or documentary). */
        record NotByCode() implements Result {
        }

        record TooManySends() implements Result {
        }

        record Sent() implements Result {
        }

        record Unavailable() implements Result {
        }
    }

    private final CodeStore codes;
    private final Mailer mailer;
    private final RequestEvents events;
    private final StatusStore statuses;
    private final RequestIntakeProperties properties;
    private final Clock clock;
    private final RegistryView registry;

    public VerifyIdentity(CodeStore codes, Mailer mailer, RequestEvents events, StatusStore statuses,
            RequestIntakeProperties properties, Clock intakeClock,
            RegistryView registry) {
        this.registry = registry;
        this.codes = codes;
        this.mailer = mailer;
        this.events = events;
        this.statuses = statuses;
        this.properties = properties;
        this.clock = intakeClock;
    }

    /** False when this installation sends no mail ({@code rightsflow.intake.email-codes=false}). */
    public boolean canSendCodes() {
        return mailer.delivers();
    }

    /** Starts verification of a request just published: a code by email, or a wait for staff. */
    public Mono<Void> start(String requestId, Verification method, String email) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Mono<Void> published = events.verificationRequested(requestId, method, now)
                .then(statuses.apply(requestId, new CaseFact.VerificationRequested(
                        Events.derivedId("verification-requested", requestId), now, method)).then());
        if (method != Verification.EMAIL_CODE) {
            return published;
        }
        return published.then(sendCode(requestId, email, null, organisationId(requestId)).then());
    }

    /** A new code, for a subject holding the status token; rate limited per request. */
    public Mono<Result> resend(String requestId, String statusToken) {
        return statuses.find(requestId).flatMap(status -> {
            if (status.isEmpty() || !Hashing.tokenMatches(statusToken, status.get().statusTokenHash())) {
                return Mono.just((Result) new Result.NotFound());
            }
            if (status.get().verification() != Verification.EMAIL_CODE) {
                return Mono.just(new Result.NotByCode());
            }
            if (status.get().verifiedAt() != null) {
                return Mono.just(new Result.AlreadyUsed());
            }
            return codes.find(requestId).flatMap(entry -> {
                if (entry.isEmpty()) {
                    return Mono.just((Result) new Result.NotFound());
                }
                VerificationCode previous = entry.get().code();
                if (!previous.maySendAgain(clock.instant(), properties.codeMaxSends(), properties.codeSendWindow())) {
                    return Mono.just(new Result.TooManySends());
                }
                return sendCode(requestId, entry.get().email(), previous, status.get().organisationId());
            });
        });
    }

    /** The organisation a just-published request is addressed to, from its status (null when not written yet). */
    private Mono<String> organisationId(String requestId) {
        return statuses.find(requestId).map(status -> status.map(RequestStatus::organisationId).orElse(""));
    }

    /**
     * Issues and mails a code. The mail names the organisation the request was made to, so the subject knows who is
     * asking (the issue's "words a person understands"); the code and the reference are the only other content.
     */
    private Mono<Result> sendCode(String requestId, String email, VerificationCode previous, String organisationId) {
        return sendCode(requestId, email, previous, Mono.justOrEmpty(organisationId));
    }

    private Mono<Result> sendCode(String requestId, String email, VerificationCode previous, Mono<String> organisationId) {
        return organisationId.flatMap(id -> registry.snapshot().map(all -> all.containsKey(id) ? all.get(id).name() : ""))
                .defaultIfEmpty("")
                .flatMap(name -> issueAndSend(requestId, email, previous, name));
    }

    private Mono<Result> issueAndSend(String requestId, String email, VerificationCode previous, String organisationName) {
        VerificationCode.Issued issued = VerificationCode.issue(requestId, clock.instant(), properties.codeValidity(),
                previous, properties.codeSendWindow());
        String madeTo = organisationName.isBlank() ? "" : " to " + organisationName;
        return codes.save(issued.stored(), email)
                .then(mailer.send(requestId, email, "Your code to confirm your data protection request" + madeTo,
                        "Someone, hopefully you, made a data protection request" + madeTo + " (reference " + requestId + ").\n\n"
                                + "Your code is " + issued.plainCode() + ". It is valid for "
                                + properties.codeValidity().toMinutes() + " minutes and can be used once.\n\n"
                                + "If you did not make this request, ignore this message."))
                .doOnSuccess(v -> log.info("identity code sent for request {}", requestId))
                .thenReturn(new Result.Sent());
    }

    /**
     * Checks a code presented by the subject; the first right code verifies, once. The caller must
     * also hold the request's status token: without it the answer is {@code NotFound} and no attempt
     * is counted, so someone who knows only the request id cannot lock the code.
     */
    public Mono<Result> verify(String requestId, String statusToken, String code) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (statusToken == null || statusToken.isBlank()) {
            return Mono.just(new Result.NotFound());
        }
        return statuses.find(requestId).flatMap(status -> {
            if (status.isEmpty() || !Hashing.tokenMatches(statusToken.trim(), status.get().statusTokenHash())) {
                return Mono.just((Result) new Result.NotFound());
            }
            return checkCode(requestId, code, now, status.get());
        });
    }

    private Mono<Result> checkCode(String requestId, String code, Instant now, RequestStatus status) {
        return codes.find(requestId).flatMap(entry -> {
            if (entry.isEmpty()) {
                return Mono.just(status.known() ? (Result) new Result.NotByCode() : new Result.NotFound());
            }
            VerificationCode.Check check = entry.get().code().check(code, now, properties.codeMaxAttempts());
            if (check instanceof VerificationCode.Check.Wrong wrong) {
                log.info("wrong identity code for request {}", requestId);
                return codes.recordWrongAttempt(requestId).thenReturn(new Result.Wrong(wrong.attemptsLeft()));
            }
            if (check instanceof VerificationCode.Check.Expired) {
                return Mono.just(new Result.Expired());
            }
            if (check instanceof VerificationCode.Check.Locked) {
                return Mono.just(new Result.Locked());
            }
            if (check instanceof VerificationCode.Check.AlreadyUsed) {
                return Mono.just(new Result.AlreadyUsed());
            }
            return codes.markUsed(requestId).flatMap(first -> {
                if (!first) {
                    return Mono.just((Result) new Result.AlreadyUsed());
                }
                return events.identityVerified(requestId, Verification.EMAIL_CODE, now, null, false, "citizen", null)
                        .then(statuses.apply(requestId, verifiedFact(requestId, now)).onErrorResume(e -> Mono.empty()))
                        .thenReturn((Result) new Result.Verified(now))
                        .onErrorResume(RequestEvents.BrokerUnavailableException.class,
                                e -> codes.unmarkUsed(requestId).thenReturn(new Result.Unavailable()));
            });
        });
    }

    /**
     * Staff saw documentary evidence ({@code ConfirmIdentity}). Only for requests that wait for
     * documentary verification; a repeated command changes nothing.
     *
     * @return true when {@code IdentityVerified} was published
     */
    public Mono<Boolean> confirmByStaff(String requestId, Instant confirmedAt, String evidence, String staffId,
            String staffOrganisationId) {
        return statuses.find(requestId).flatMap(found -> {
            Optional<RequestStatus> status = found;
            if (status.isEmpty() || !status.get().known() || status.get().verification() != Verification.DOCUMENTARY
                    || status.get().verifiedAt() != null) {
                log.info("ConfirmIdentity for request {} ignored: not awaiting documentary verification", requestId);
                return Mono.just(false);
            }
            return events.identityVerified(requestId, Verification.DOCUMENTARY, confirmedAt, evidence, true, staffId,
                            staffOrganisationId)
                    .then(statuses.apply(requestId, verifiedFact(requestId, confirmedAt)))
                    .thenReturn(true);
        });
    }

    /** The same event id as the published {@code IdentityVerified}, so the listener's copy is a no-op. */
    public static CaseFact.IdentityVerified verifiedFact(String requestId, Instant verifiedAt) {
        return new CaseFact.IdentityVerified(identityVerifiedEventId(requestId), verifiedAt, verifiedAt);
    }

    public static String identityVerifiedEventId(String requestId) {
        return Events.derivedId("identity-verified", requestId);
    }
}
