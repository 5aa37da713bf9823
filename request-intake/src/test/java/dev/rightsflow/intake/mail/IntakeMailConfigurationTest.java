package dev.rightsflow.intake.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.mail.application.Mailer;

/** How intake chooses its mail at start (MailChoice), through the real wiring. */
class IntakeMailConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RequestIntakeProperties.class)
    static class Properties {
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class, IntakeMailConfiguration.class)
            // never connected to: the outbox only touches MongoDB when mail is sent or read
            .withBean("intakeMongoDatabase", MongoDatabase.class,
                    () -> MongoClients.create("mongodb://127.0.0.1:1").getDatabase("unused"))
            .withBean("intakeClock", Clock.class, Clock::systemUTC);

    @Test
    void refusesToStartWhenNeitherSmtpNorTheDemoOutboxIsConfigured() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spring.mail.host").hasMessageContaining("rightsflow.intake.demo-outbox=true")
                    .hasMessageContaining("rightsflow.intake.email-codes=false");
        });
    }

    @Test
    void demoOutboxOnlyWhenExplicitlyEnabled() {
        runner.withPropertyValues("rightsflow.intake.demo-outbox=true")
                .run(context -> assertThat(context.getBean("intakeMailer", Mailer.class)).isInstanceOf(OutboxMailer.class));
    }

    @Test
    void smtpWinsOverTheDemoOutbox() {
        runner.withPropertyValues("rightsflow.intake.demo-outbox=true")
                .withBean(JavaMailSender.class, JavaMailSenderImpl::new)
                .run(context -> assertThat(context.getBean("intakeMailer", Mailer.class)).isInstanceOf(SmtpMailer.class));
    }

    @Test
    void installationThatSendsNoCodesStartsWithoutMail() {
        runner.withPropertyValues("rightsflow.intake.email-codes=false").run(context -> {
            Mailer mailer = context.getBean("intakeMailer", Mailer.class);
            assertThat(mailer.delivers()).isFalse();
        });
    }
}
