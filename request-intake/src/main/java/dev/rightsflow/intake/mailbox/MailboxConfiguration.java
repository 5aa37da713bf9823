package dev.rightsflow.intake.mailbox;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Enables the mailbox reader's settings ({@link MailboxProperties}); its components are scanned with intake's. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailboxProperties.class)
public class MailboxConfiguration {
}
