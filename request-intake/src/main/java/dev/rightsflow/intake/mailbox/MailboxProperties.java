package dev.rightsflow.intake.mailbox;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inbound mailbox reader ({@code rightsflow.intake.mailbox.*}). Which mailboxes exist is the
 * registry's to say (each organisation's {@code mailbox}); these say how often and how much to read, and hold
 * the passwords the registry names.
 *
 * @param enabled        false: no mailbox is read, whatever the registry says
 * @param pollEvery      how often each mailbox is read
 * @param maxPerPoll     at most this many new mails are taken from one mailbox per poll (the rest wait for the next)
 * @param timeout        connection and read timeout towards the IMAP server
 * @param secrets        passwords by the name the registry gives them ({@code passwordSecretRef}); a name not found
 *                       here is looked up as a property or environment variable (e.g. {@code ME_GROUP_MAILBOX_PASSWORD}).
 *                       Never logged
 */
@ConfigurationProperties("rightsflow.intake.mailbox")
public record MailboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1m") Duration pollEvery,
        @DefaultValue("50") int maxPerPoll,
        @DefaultValue("20s") Duration timeout,
        Map<String, String> secrets) {

    public MailboxProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }
}
