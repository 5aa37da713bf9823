package dev.rightsflow.intake;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.intake.logged.application.OriginalStore;
import dev.rightsflow.intake.logged.mongo.MongoOriginalStore;
import dev.rightsflow.intake.opendsr.application.CallbackStore;
import dev.rightsflow.intake.opendsr.application.StatusCallbacks;
import dev.rightsflow.intake.opendsr.http.WebClientStatusCallbacks;
import dev.rightsflow.intake.opendsr.mongo.MongoCallbackStore;
import dev.rightsflow.intake.projection.kafka.IntakeProjection;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.registry.mongo.MongoRegistryView;
import dev.rightsflow.intake.request.application.RequestEvents;
import dev.rightsflow.intake.request.model.RequestKeys;
import dev.rightsflow.intake.security.application.ReplayGuard;
import dev.rightsflow.intake.security.mongo.MongoReplayGuard;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.status.mongo.MongoStatusStore;
import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.submission.application.IdempotencyStore;
import dev.rightsflow.intake.submission.application.WrittenAtSubmission;
import dev.rightsflow.intake.submission.kafka.KafkaRequestEvents;
import dev.rightsflow.intake.submission.mongo.MongoDuplicateRegister;
import dev.rightsflow.intake.submission.mongo.MongoIdempotencyStore;
import dev.rightsflow.intake.verification.application.CodeStore;
import dev.rightsflow.intake.verification.mongo.MongoCodeStore;
import dev.rightsflow.intake.withdrawal.application.CancellationCommands;
import dev.rightsflow.intake.withdrawal.kafka.KafkaCancellationCommands;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires intake's adapters that are not web or Kafka listeners (the shared architecture rule "wired in configuration",
 * the router's way): the MongoDB stores and views, the Kafka publishers, the OpenDSR callback client and the status
 * projection, each given its collaborators here by qualifier. Each is declared as the port its use cases use
 * ({@code StatusStore}, {@code RequestEvents}, ...); the use cases themselves are wired in {@link IntakeUseCases}.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeAdapters {

    @Bean
    public RegistryView intakeRegistryView(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoRegistryView(database);
    }

    @Bean
    public StatusStore intakeStatusStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoStatusStore(database);
    }

    @Bean
    public DuplicateRegister intakeDuplicateRegister(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoDuplicateRegister(database);
    }

    @Bean
    public IdempotencyStore intakeIdempotencyStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoIdempotencyStore(database);
    }

    @Bean
    public CodeStore intakeCodeStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoCodeStore(database);
    }

    @Bean
    public CallbackStore intakeCallbackStore(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoCallbackStore(database);
    }

    @Bean
    public OriginalStore intakeOriginalStore(@Qualifier("intakeMongoDatabase") MongoDatabase database, KafkaSettings kafka) {
        return new MongoOriginalStore(database, kafka);
    }

    @Bean
    public ReplayGuard intakeReplayGuard(@Qualifier("intakeMongoDatabase") MongoDatabase database) {
        return new MongoReplayGuard(database);
    }

    @Bean
    public RequestEvents intakeRequestEvents(@Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> template,
            ObjectProvider<MeterRegistry> meters, KafkaSettings kafka) {
        return new KafkaRequestEvents(template, meters, kafka);
    }

    @Bean
    public CancellationCommands intakeCancellationCommands(
            @Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> template) {
        return new KafkaCancellationCommands(template);
    }

    @Bean
    public StatusCallbacks intakeStatusCallbacks(RequestIntakeProperties properties, OpenDsrSettings settings,
            @Qualifier("intakeOpenDsrSigner") OpenDsrSigner signer) {
        return new WebClientStatusCallbacks(properties, settings, signer);
    }

    /** The status page's and the duplicate register's projection of intake's topics (fed by {@code IntakeListeners}). */
    @Bean
    public IntakeProjection intakeProjection(RegistryView registry, StatusStore statuses, DuplicateRegister duplicates,
            RequestIntakeProperties properties, KafkaSettings kafka, IdempotencyStore idempotency, RequestKeys keys,
            WrittenAtSubmission written) {
        return new IntakeProjection(registry, statuses, duplicates, properties, kafka, idempotency, keys, written);
    }
}
