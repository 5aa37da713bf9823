/**
 * The inbound mailbox (issue 12): each organisation with a {@code mailbox} in the registry has its mail read over
 * IMAP ({@link dev.rightsflow.intake.mailbox.MailboxPoller}, Jakarta Mail); each new mail becomes one request with
 * channel EMAIL, received when the organisation's mail server received it, classified by the organisation's subject
 * conventions or left to triage ({@link dev.rightsflow.intake.mailbox.MailboxIntake}); the sender is acknowledged
 * with the reference and status token. Nothing in a mail is trusted as identity, and its text is neither logged
 * nor kept: the mail stays in the organisation's own mailbox, named by its Message-ID.
 */
package dev.rightsflow.intake.mailbox;
