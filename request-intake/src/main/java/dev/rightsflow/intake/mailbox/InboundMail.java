package dev.rightsflow.intake.mailbox;

import java.time.Instant;

/**
 * What intake takes from one mail: where it came from as the mail says (unverified), its subject line and
 * when the organisation's server received it. Personal data: never logged. The text is not read at all.
 *
 * @param messageId  the Message-ID header, or null when the mail has none
 * @param uniqueId   the mail's place in its mailbox ({@code <UIDVALIDITY>:<UID>}), the key when there is no Message-ID
 * @param receivedAt IMAP INTERNALDATE: when the organisation's mail server received it (the receipt, Art 12(3))
 * @param autoSubmitted the mail says it was sent by a machine ({@code Auto-Submitted} other than {@code no}, RFC 3834):
 *                      an auto-reply is never answered, so two mailboxes cannot answer each other for ever
 */
public record InboundMail(String messageId, String uniqueId, String fromAddress, String fromName, String subject,
        Instant receivedAt, boolean autoSubmitted) {

    /** What makes this mail the same mail on every poll and after every restart. */
    public String identity() {
        return messageId != null && !messageId.isBlank() ? "message-id:" + messageId.strip() : "uid:" + uniqueId;
    }
}
