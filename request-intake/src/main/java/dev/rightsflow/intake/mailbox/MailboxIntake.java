package dev.rightsflow.intake.mailbox;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import reactor.core.publisher.Mono;

/**
 * Turns one mail of an organisation's inbound mailbox into one request, the same way any request is taken
 * ({@link SubmitRequest}), and acknowledges it to the sender:
 * <ol>
 *   <li>the right is the one the subject line names by the organisation's conventions
 *       ({@code Mailbox.rightFor}); none (25% M.E. Group's "Data protection request", or no convention) publishes
 *       the right as UNKNOWN and the router puts the request in triage, where staff read the mail and choose it;</li>
 *   <li>the subject of the request is the sender as the mail states it (address and display name), unverified:
 *       identity is checked as the organisation checks it for the right (for an unknown right, its most demanding
 *       method), and nothing else in the mail (text, claims, headers) counts as identity;</li>
 *   <li>the receipt is the mail's IMAP INTERNALDATE, so the statutory clock counts from the day the organisation's
 *       server received it (ICO method), not the day it was read;</li>
 *   <li>the Idempotency-Key is derived from the organisation and the Message-ID (the mailbox's own key scope), so a
 *       second poll or a restart finds the same request and publishes nothing again;</li>
 *   <li>once the broker has the request, the sender gets one acknowledgement with the reference, the status link and
 *       the status token (recorded per request, so a replay after a crash sends none); a mail without a sender's
 *       address, or sent by a machine ({@code Auto-Submitted}), gets none.</li>
 * </ol>
 * The answer says whether the mail may be marked seen: only once its request is on the topic.
 */
public class MailboxIntake {

    private static final Logger log = LoggerFactory.getLogger(MailboxIntake.class);
    private static final DateTimeFormatter WORDS = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    /** What to do with the mail in its mailbox. */
    public enum Disposition {
        /** Its request is on the topic (now or before): mark it seen. */
        TAKEN,
        /** Not taken (broker unavailable, key in progress, not admissible now): leave it unseen for the next poll. */
        RETRY
    }

    private final SubmitRequest submit;
    private final Mailer mailer;
    private final Acknowledgements acknowledgements;
    private final RequestIntakeProperties properties;

    public MailboxIntake(SubmitRequest submit, Mailer mailer, Acknowledgements acknowledgements,
            RequestIntakeProperties properties) {
        this.submit = submit;
        this.mailer = mailer;
        this.acknowledgements = acknowledgements;
        this.properties = properties;
    }

    /** The Idempotency-Key of a mail: a digest of the organisation and the mail's Message-ID (or its place in the mailbox). */
    public static String idempotencyKey(String organisationId, InboundMail mail) {
        return "mail-" + Hashing.sha256Hex(organisationId + "\u001f" + mail.identity());
    }

    public Mono<Disposition> take(Organisation organisation, InboundMail mail) {
        Optional<RightType> named = organisation.mailbox().rightFor(mail.subject());
        return submit(organisation, mail, named.orElse(null)).flatMap(result -> {
            if (result instanceof SubmitRequest.Result.Rejected rejected && named.isPresent()) {
                // the convention names a right the organisation does not take (registry out of step): staff decide
                log.warn("mail for {} names right {} which it does not take ({}); taken for triage", organisation.id(),
                        named.get().code(), rejected.errors().stream().map(e -> e.field()).toList());
                return submit(organisation, mail, null);
            }
            return Mono.just(result);
        }).flatMap(result -> {
            if (result instanceof SubmitRequest.Result.Accepted accepted) {
                return acknowledge(organisation, mail, accepted.receipt(), named).thenReturn(Disposition.TAKEN);
            }
            if (result instanceof SubmitRequest.Result.KeyReused) {
                // the same mail, read before under other conventions: its request exists
                return Mono.just(Disposition.TAKEN);
            }
            if (result instanceof SubmitRequest.Result.Rejected rejected) {
                log.warn("mail for {} not taken: {}; left unseen", organisation.id(),
                        rejected.errors().stream().map(e -> e.field() + " " + e.message()).toList());
            }
            return Mono.just(Disposition.RETRY);
        });
    }

    private Mono<SubmitRequest.Result> submit(Organisation organisation, InboundMail mail, RightType right) {
        String address = mail.fromAddress() == null ? "" : mail.fromAddress().strip();
        String name = mail.fromName() == null || mail.fromName().isBlank() ? address : mail.fromName().strip();
        Subject subject = new Subject(name, address, null, null, Map.of());
        RightDetails details = new RightDetails(description(organisation, mail), null, null, null, null, false, null,
                java.util.List.of());
        Submission submission = new Submission(right, subject, organisation.id(), null, null, details);
        return submit.submit(submission, SubmitRequest.Origin.mailbox(organisation.id(), mail.receivedAt()),
                idempotencyKey(organisation.id(), mail));
    }

    /**
     * Where staff find the mail (its text is not copied here): the mailbox, the day and the Message-ID. Sealed on the
     * topic with the request's other personal data.
     */
    private static String description(Organisation organisation, InboundMail mail) {
        return "Received by email at " + organisation.mailbox().address() + " on "
                + WORDS.format(mail.receivedAt().atZone(UK)) + ", subject \"" + (mail.subject() == null ? "" : mail.subject())
                + "\"" + (mail.messageId() == null ? "" : ", Message-ID " + mail.messageId())
                + ". The sender's address and name are as the mail states them, not verified. Read the mail in the"
                + " organisation's mailbox for what is asked.";
    }

    private Mono<Void> acknowledge(Organisation organisation, InboundMail mail, Receipt receipt, Optional<RightType> right) {
        if (!mailer.delivers() || mail.fromAddress() == null || mail.fromAddress().isBlank() || mail.autoSubmitted()) {
            return Mono.empty();
        }
        return acknowledgements.sent(receipt.requestId()).flatMap(sent -> sent ? Mono.<Void>empty()
                : mailer.send(receipt.requestId(), mail.fromAddress(),
                                "Your data protection request to " + organisation.name() + ": reference " + receipt.requestId(),
                                acknowledgement(organisation, mail, receipt, right))
                        .then(acknowledgements.record(receipt.requestId()))
                        .doOnSuccess(v -> log.info("request {} from the mailbox of {} acknowledged to its sender",
                                receipt.requestId(), organisation.id())));
    }

    private String acknowledgement(Organisation organisation, InboundMail mail, Receipt receipt, Optional<RightType> right) {
        String base = properties.publicBaseUrl().replaceAll("/+$", "");
        LocalDate received = receipt.receivedAt().atZone(UK).toLocalDate();
        StringBuilder text = new StringBuilder()
                .append("Thank you for your email of ").append(WORDS.format(received)).append(" to ")
                .append(organisation.name()).append(". We have recorded it as a data protection request.\n\n")
                .append("Your reference: ").append(receipt.requestId()).append("\n");
        text.append(right.map(r -> "What you asked for: " + r.plainWords() + " (UK GDPR " + r.source() + ").\n")
                .orElse("A member of staff will read your email to see which of your rights you are exercising.\n"));
        if (receipt.verification().required()) {
            text.append("Before acting on it we need to confirm your identity; we will tell you how. The one-month time")
                    .append(" limit starts when your identity is confirmed.\n");
        } else {
            text.append("We must answer by ").append(WORDS.format(receipt.provisionalDeadline()))
                    .append(" (one month from the day we received it, UK GDPR Art 12(3)).\n");
        }
        text.append("\nTo see where your request stands, open ").append(base).append("/requests/status")
                .append(" and enter your reference and this status code:\n\n    ").append(receipt.statusToken()).append("\n\n")
                .append("(or GET ").append(base).append("/api/v1/requests/").append(receipt.requestId())
                .append(" with the header X-Status-Token). Keep the code to yourself: it shows the status of your request.\n\n")
                .append("If you did not write to ").append(organisation.name()).append(", you can ignore this message.");
        return text.toString();
    }
}
