package dev.rightsflow.intake;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.intake.logged.application.LogRequest;
import dev.rightsflow.intake.logged.application.OriginalStore;
import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.opendsr.application.CallbackStore;
import dev.rightsflow.intake.opendsr.application.OpenDsrStatus;
import dev.rightsflow.intake.opendsr.application.StatusCallbacks;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.request.application.RequestEvents;
import dev.rightsflow.intake.request.model.RequestKeys;
import dev.rightsflow.intake.status.application.ReadStatus;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.submission.application.IdempotencyStore;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.submission.application.WrittenAtSubmission;
import dev.rightsflow.intake.verification.application.CodeStore;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.intake.withdrawal.application.CancellationCommands;
import dev.rightsflow.intake.withdrawal.application.WithdrawRequest;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;

/**
 * Wires intake's use cases, which know no Spring (the shared architecture rule "application is framework free"): each
 * gets its ports, the intake clock and deadline engine and its settings here, and the OpenDSR callback loop starts
 * and stops with the application through a lifecycle declared here.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeUseCases {

    @Bean
    public WrittenAtSubmission intakeWrittenAtSubmission() {
        return new WrittenAtSubmission();
    }

    @Bean
    public VerifyIdentity intakeVerifyIdentity(CodeStore codes, @Qualifier("intakeMailer") Mailer mailer, RequestEvents events,
            StatusStore statuses, RequestIntakeProperties properties, @Qualifier("intakeClock") Clock intakeClock,
            RegistryView registry) {
        return new VerifyIdentity(codes, mailer, events, statuses, properties, intakeClock, registry);
    }

    @Bean
    public SubmitRequest intakeSubmitRequest(RegistryView registry, RequestEvents events, StatusStore statuses,
            DuplicateRegister duplicates, IdempotencyStore idempotency, VerifyIdentity verification,
            @Qualifier("intakeDeadlineEngine") DeadlineEngine intakeDeadlineEngine, RequestIntakeProperties properties,
            @Qualifier("intakeClock") Clock intakeClock, RequestKeys keys, WrittenAtSubmission written) {
        return new SubmitRequest(registry, events, statuses, duplicates, idempotency, verification, intakeDeadlineEngine,
                properties, intakeClock, keys, written);
    }

    @Bean
    public ReadStatus intakeReadStatus(StatusStore statuses, RegistryView registry,
            @Qualifier("intakeDeadlineEngine") DeadlineEngine intakeDeadlineEngine, RequestIntakeProperties properties) {
        return new ReadStatus(statuses, registry, intakeDeadlineEngine, properties);
    }

    @Bean
    public WithdrawRequest intakeWithdrawRequest(ReadStatus status, CancellationCommands commands) {
        return new WithdrawRequest(status, commands);
    }

    /** @param maxOriginal {@code rightsflow.intake.logged-original-max-size}: the largest original accepted */
    @Bean
    public LogRequest intakeLogRequest(SubmitRequest submit, OriginalStore originals,
            @Value("${rightsflow.intake.logged-original-max-size:5MB}") DataSize maxOriginal,
            @Qualifier("intakeClock") Clock intakeClock) {
        return new LogRequest(submit, originals, maxOriginal.toBytes(), intakeClock);
    }

    @Bean
    public OpenDsrStatus intakeOpenDsrStatus(CallbackStore callbacks, StatusCallbacks sender, ReadStatus status,
            CancellationCommands commands, OpenDsrSettings settings, @Qualifier("intakeClock") Clock intakeClock) {
        return new OpenDsrStatus(callbacks, sender, status, commands, settings, intakeClock);
    }

    /** The OpenDSR callback loop runs while the application does (the default phase, as any lifecycle bean). */
    @Bean
    public SmartLifecycle intakeOpenDsrCallbackLoop(OpenDsrStatus openDsr) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                openDsr.start();
            }

            @Override
            public void stop() {
                openDsr.stop();
            }

            @Override
            public boolean isRunning() {
                return openDsr.isRunning();
            }
        };
    }
}
