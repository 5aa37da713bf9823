package dev.rightsflow.intake.mailbox;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the inbound mailbox reader ({@code rightsflow.intake.mailbox.*}). Which mailboxes exist is the
 * registry's to say (each organisation's {@code mailbox}); these say how often and how much to read.
 *
 * @param enabled        false: no mailbox is read, whatever the registry says
 * @param pollEvery      how often each mailbox is read
 * @param maxPerPoll     at most this many new mails are taken from one mailbox per poll (the rest wait for the next)
 * @param timeout        connection and read timeout towards the IMAP server
 * @param secrets        DEPRECATED (read for one release, with a warning): passwords by the name the registry gives
 *                       them; secrets now follow the one rule of {@code schemas.secrets.Secrets} (README, "Secrets")
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
