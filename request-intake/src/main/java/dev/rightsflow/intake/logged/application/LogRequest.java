package dev.rightsflow.intake.logged.application;

import dev.rightsflow.intake.submission.application.SubmitRequest;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.logged.model.OriginalFile;
import dev.rightsflow.intake.request.model.Submission;
import reactor.core.publisher.Mono;

/**
 * Logs a request that reached an organisation outside the platform (a letter, an email, a phone call, a visit),
 * on behalf of a member of its staff:
 * <ol>
 *   <li>checks what only staff logging adds: the channel is an offline one, the day it was received is not after
 *       today in the UK, the organisation is the staff member's own (a platform administrator may log for any),
 *       and the original, if attached, is of an accepted type and size ({@link OriginalFile});</li>
 *   <li>submits it like any request ({@link SubmitRequest}), the actor being the staff member and the receipt the
 *       start of the day it was received, so the statutory clock counts from that day (ICO method);</li>
 *   <li>once the request is on the topic, keeps the original sealed with the request's key ({@link OriginalStore}).</li>
 * </ol>
 * A refusal at any step writes nothing.
 */
public class LogRequest {

    private static final Logger log = LoggerFactory.getLogger(LogRequest.class);

    /** The member of staff logging: their user name and organisation (null for a platform administrator). */
    public record Staff(String username, String organisationId) {

        public boolean admin() {
            return organisationId == null || organisationId.isBlank();
        }
    }

    /** The outcome, mapped to HTTP by the web adapter. */
    public sealed interface Outcome {

        /** Went on to {@link SubmitRequest}; {@code originalKept} says whether the attached original was stored. */
        record Submitted(SubmitRequest.Result result, boolean originalKept) implements Outcome {
        }

        /** Bad fields (422); nothing written. */
        record Refused(List<FieldError> errors) implements Outcome {
        }

        /** The organisation is not the staff member's own (403); nothing written. */
        record NotYourOrganisation() implements Outcome {
        }
    }

    private final SubmitRequest submit;
    private final OriginalStore originals;
    private final long maxOriginalBytes;
    private final Clock clock;

    /** @param maxOriginalBytes {@code rightsflow.intake.logged-original-max-size}: the largest original accepted */
    public LogRequest(SubmitRequest submit, OriginalStore originals, long maxOriginalBytes, Clock intakeClock) {
        this.submit = submit;
        this.originals = originals;
        this.maxOriginalBytes = maxOriginalBytes;
        this.clock = intakeClock;
    }

    /** The largest original accepted, in bytes. */
    public long maxOriginalBytes() {
        return maxOriginalBytes;
    }

    /**
     * @param original the letter or email as received; null when there is none (a phone call, a visit)
     */
    public Mono<Outcome> log(Staff staff, Channel channel, LocalDate receivedOn, Submission submission,
            OriginalFile original, String idempotencyKey) {
        if (!staff.admin() && !staff.organisationId().equals(submission.organisationId())) {
            return Mono.just(new Outcome.NotYourOrganisation());
        }
        List<FieldError> errors = new ArrayList<>();
        if (channel == null || !channel.offline()) {
            errors.add(new FieldError("channel", "must be one of email, letter, phone, in_person: the way the request"
                    + " reached the organisation"));
        }
        LocalDate today = LocalDate.now(clock.withZone(UK));
        if (receivedOn == null) {
            errors.add(new FieldError("receivedOn", "must be the day the organisation received the request"));
        } else if (receivedOn.isAfter(today)) {
            errors.add(new FieldError("receivedOn", "must not be in the future: today is " + today + " in the UK"));
        }
        if (original != null) {
            errors.addAll(original.problems("original.", maxOriginalBytes));
        }
        if (!errors.isEmpty()) {
            return Mono.just(new Outcome.Refused(errors));
        }
        var origin = SubmitRequest.Origin.staff(channel, staff.username(), receivedOn.atStartOfDay(UK).toInstant());
        return submit.submit(submission, origin, idempotencyKey).flatMap(result -> {
            if (!(result instanceof SubmitRequest.Result.Accepted accepted) || original == null) {
                return Mono.just((Outcome) new Outcome.Submitted(result, false));
            }
            String requestId = accepted.receipt().requestId();
            return originals.save(new OriginalStore.Stored(requestId, submission.organisationId(), staff.username(),
                            clock.instant(), original))
                    .thenReturn((Outcome) new Outcome.Submitted(result, true))
                    .onErrorResume(e -> {
                        log.warn("request {} logged, but its original was not stored: {}", requestId,
                                e.getClass().getSimpleName());
                        return Mono.just(new Outcome.Submitted(result, false));
                    });
        });
    }
}
