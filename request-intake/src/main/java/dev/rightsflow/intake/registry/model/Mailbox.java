package dev.rightsflow.intake.registry.model;

import dev.rightsflow.intake.request.model.RightType;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An organisation's inbound mailbox as the registry publishes it: where people email their requests
 * (the address its privacy notice gives), the IMAP server intake reads it on, and the subject lines the
 * organisation asks people to use. The password is never here: {@code passwordSecretRef} names the secret.
 *
 * @param conventions subject phrases and the right each means; a phrase without a right (25% M.E. Group's
 *                    "Data protection request") means staff read the mail and choose the right in triage
 */
public record Mailbox(String address, String host, int port, boolean tls, String username, String folder,
        String passwordSecretRef, List<SubjectConvention> conventions) {

    public Mailbox {
        folder = folder == null || folder.isBlank() ? "INBOX" : folder;
        conventions = conventions == null ? List.of() : List.copyOf(conventions);
    }

    /** A subject phrase and the right it means; {@code right} null: the phrase names no right (triage). */
    public record SubjectConvention(String subject, RightType right) {
    }

    /**
     * The right a mail's subject line names by the organisation's conventions: the longest phrase the
     * subject contains, ignoring case and spacing ("RE: consent  withdrawal" is a consent withdrawal).
     * Empty when no phrase names a right: the mail waits in triage for staff to choose one.
     */
    public Optional<RightType> rightFor(String mailSubject) {
        if (mailSubject == null) {
            return Optional.empty();
        }
        String subject = normalised(mailSubject);
        return conventions.stream()
                .filter(c -> c.subject() != null && !c.subject().isBlank() && subject.contains(normalised(c.subject())))
                .max(Comparator.comparingInt(c -> normalised(c.subject()).length()))
                .map(SubjectConvention::right);
    }

    private static String normalised(String text) {
        return text.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
