package dev.rightsflow.intake.mailbox;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.state.ProjectionState;

/**
 * The mailbox reader's wiring: its settings ({@link MailboxProperties}), the acknowledgements it keeps, the intake of
 * one mail and the poller that runs while the application does (a lifecycle bean).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailboxProperties.class)
public class MailboxConfiguration {

    @Bean
    public Acknowledgements intakeMailboxAcknowledgements(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new Acknowledgements(database);
    }

    @Bean
    public MailboxIntake intakeMailboxIntake(SubmitRequest submit, @Qualifier("intakeMailer") Mailer mailer,
            @Qualifier("intakeMailboxAcknowledgements") Acknowledgements acknowledgements, RequestIntakeProperties properties) {
        return new MailboxIntake(submit, mailer, acknowledgements, properties);
    }

    @Bean
    public MailboxPoller intakeMailboxPoller(RegistryView registry, @Qualifier("intakeMailboxIntake") MailboxIntake intake,
            MailboxProperties properties, @Qualifier("intakeSecrets") Secrets secrets,
            @Qualifier("intakeProjectionState") ProjectionState state) {
        return new MailboxPoller(registry, intake, properties, secrets, state);
    }
}
