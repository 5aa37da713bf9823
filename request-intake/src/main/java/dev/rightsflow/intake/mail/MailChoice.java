package dev.rightsflow.intake.mail;

/**
 * Which way identity-code mail leaves intake, decided once at start:
 * <ol>
 *   <li>{@code spring.mail.host} set: SMTP (Spring's mail support). The demo outbox is then off,
 *       even if enabled, because real mail goes out;</li>
 *   <li>otherwise {@code rightsflow.intake.demo-outbox=true}: the demo outbox page
 *       ({@code /intake/outbox}), a stand-in for email in the embedded demo only: it shows
 *       addresses and codes to anyone who can reach the page;</li>
 *   <li>otherwise, when the installation declares that it sends no codes
 *       ({@code rightsflow.intake.email-codes=false}): no mail; a request whose organisation
 *       verifies that right by an emailed code is refused (422) and nothing is published;</li>
 *   <li>otherwise intake refuses to start: a request needing a code would be accepted and then
 *       never verifiable, which would stop its statutory clock from ever starting (Art 12A).</li>
 * </ol>
 * The registry arrives from Kafka after start, so whether any organisation needs codes cannot be
 * known at start; hence the explicit declaration in case 3.
 */
public enum MailChoice {
    SMTP, DEMO_OUTBOX, NONE;

    public static MailChoice of(boolean smtpConfigured, boolean demoOutbox, boolean emailCodes) {
        if (smtpConfigured) {
            return SMTP;
        }
        if (demoOutbox) {
            return DEMO_OUTBOX;
        }
        if (!emailCodes) {
            return NONE;
        }
        throw new IllegalStateException("request-intake has no way to send identity codes by email. Set spring.mail.host "
                + "(and spring.mail.port, spring.mail.username, spring.mail.password) for SMTP; or, for the embedded demo "
                + "only, rightsflow.intake.demo-outbox=true to show mail on the /intake/outbox page; or, if no organisation "
                + "verifies identity by an emailed code, rightsflow.intake.email-codes=false (such requests are then refused).");
    }
}
