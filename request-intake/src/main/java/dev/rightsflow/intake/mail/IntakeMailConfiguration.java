package dev.rightsflow.intake.mail;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.mail.application.Mailer;

/**
 * The mail port's wiring ({@link MailChoice}): SMTP, the demo outbox or none; start-up fails with
 * a clear message when none of them is configured.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeMailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IntakeMailConfiguration.class);

    @Bean
    public Mailer intakeMailer(ObjectProvider<JavaMailSender> mailSender, RequestIntakeProperties properties,
            @Qualifier("intakeMongoDatabase") ObjectProvider<MongoDatabase> intakeMongoDatabase,
            @Qualifier("intakeClock") ObjectProvider<Clock> intakeClock) {
        JavaMailSender sender = mailSender.getIfAvailable();
        MailChoice choice = MailChoice.of(sender != null, properties.demoOutbox(), properties.emailCodes());
        if (choice == MailChoice.SMTP && properties.demoOutbox()) {
            log.warn("rightsflow.intake.demo-outbox ignored: SMTP is configured, identity codes go out by mail");
        }
        log.info("identity-code mail: {}", choice);
        return switch (choice) {
            case SMTP -> new SmtpMailer(sender, properties.mailFrom());
            case DEMO_OUTBOX -> new OutboxMailer(intakeMongoDatabase.getObject(), intakeClock.getObject());
            case NONE -> new NoMail();
        };
    }
}
