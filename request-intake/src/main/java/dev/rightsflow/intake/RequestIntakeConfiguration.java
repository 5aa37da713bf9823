package dev.rightsflow.intake;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.http.HttpMethod;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.FullyQualifiedAnnotationBeanNameGenerator;
import org.springframework.core.env.Environment;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.HolidaySourceSettings;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.openapi.Access;
import dev.rightsflow.schemas.openapi.ApiDocument;
import dev.rightsflow.schemas.api.LegacyPaths;
import dev.rightsflow.schemas.security.SharedWebSecurity;
import dev.rightsflow.schemas.web.SiteIcon;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.state.CatchingUpFilter;
import dev.rightsflow.schemas.state.ProjectionProgress;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.intake.projection.kafka.IntakeStartup;
import dev.rightsflow.intake.projection.kafka.IntakeProjection;
import dev.rightsflow.intake.opendsr.application.OpenDsrStatus;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;

/**
 * The wiring of request intake: the citizen's and the processor's way in. Used by {@link RequestIntakeApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module: declared beans are
 * prefixed {@code intake}, scanned components get their fully qualified class name.
 * <p>
 * One wiring style in every service (the shared architecture rule "wired in configuration"): the scan finds only
 * configuration classes, web adapters ({@code ..web..}) and the Kafka listeners ({@code IntakeListeners}); everything
 * else is a {@code @Bean}: the Kafka and MongoDB infrastructure here, the stores, publishers, callback client and
 * projection in {@link IntakeAdapters}, the use cases in {@link IntakeUseCases}, the mail port in
 * {@code mail.IntakeMailConfiguration}, the mailbox reader in {@code mailbox.MailboxConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, RequestIntakeProperties.class, OpenDsrSettings.class})
@Import({SharedWebSecurity.class, SiteIcon.class})
@ComponentScan(basePackageClasses = RequestIntakeConfiguration.class,
        nameGenerator = FullyQualifiedAnnotationBeanNameGenerator.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class RequestIntakeConfiguration {

    /** The paths that answer 503 with Retry-After until intake has caught up. */
    static final List<String> CATCHING_UP = List.of("/", "/requests", "/api/v1/requests", "/api/v1/forwarded-requests",
            "/api/v1/logged-requests", "/api/v1/organisations", "/opendsr", "/api/v1/intake/rebuild");

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-intake";
    public static final String LISTENER_FACTORY = "intakeListenerContainerFactory";
    /** The status listener's: batch listeners, a poll's records per call ({@code IntakeProjection.onFlowEvents}). */
    public static final String STATUS_LISTENER_FACTORY = "intakeStatusListenerContainerFactory";
    /**
     * The status listener's group; its factory is built for it, so a record the error handler dead-letters
     * counts as handled in this group whichever thread recovers it.
     */
    public static final String STATUS_GROUP = GROUP + "-status";

    /**
     * Publishes as every service does ({@link Eventing}: idempotent, {@code acks=all}), with the batching of the
     * intake path's sends tunable: {@code rightsflow.intake.producer-linger-ms} (default 2: a send waits up to 2 ms for the sends of
     * concurrent requests to share its batch; on a quiet machine intake alone went from 247 to 397 req/s at 32 clients,
     * p99 683 to 620 ms and CPU 7.9 to 4.9 ms a request, against 0; a lone request pays at most 2 ms a send) and {@code rightsflow.intake.producer-batch-size}
     * (bytes per partition batch, default 16384). The README's "Intake throughput" shows what they were measured at.
     */
    @Bean
    public KafkaTemplate<String, Object> intakeKafkaTemplate(KafkaSettings kafka, Environment environment) {
        TopicAdmin.ensure(kafka, List.of());
        KafkaTemplate<String, Object> template = Eventing.template(kafka, GROUP);
        if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<String, Object> factory) {
            factory.updateConfigs(Map.of(
                    ProducerConfig.LINGER_MS_CONFIG, environment.getProperty("rightsflow.intake.producer-linger-ms", Integer.class, 2),
                    ProducerConfig.BATCH_SIZE_CONFIG, environment.getProperty("rightsflow.intake.producer-batch-size", Integer.class, 16384)));
        }
        return template;
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> intakeListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> intakeKafkaTemplate,
            @Qualifier("intakeProjectionState") ProjectionState state) {
        return Eventing.listenerFactory(kafka, GROUP, intakeKafkaTemplate, Topics.DLT_INTAKE, state);
    }

    @Bean(STATUS_LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> intakeStatusListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("intakeKafkaTemplate") KafkaTemplate<String, Object> intakeKafkaTemplate,
            @Qualifier("intakeProjectionState") ProjectionState state) {
        return Eventing.batchListenerFactory(kafka, STATUS_GROUP, intakeKafkaTemplate, Topics.DLT_INTAKE, state);
    }

    @Bean
    public IntakeStartup intakeStartup(IntakeProjection projection, OpenDsrStatus openDsr, VerifyIdentity verification) {
        return new IntakeStartup(projection, openDsr, verification);
    }

    /**
     * Secrets by reference, the one rule of {@link Secrets} (processor credentials by the registry's
     * {@code processorApi.secretRef}, mailbox passwords by {@code passwordSecretRef}); the old mailbox settings
     * ({@code rightsflow.intake.mailbox.secrets.<name>}, then a variable or property named like the reference) still
     * answer for one release, with a deprecation warning.
     */
    @Bean
    public Secrets intakeSecrets(Environment environment) {
        return Secrets.of(environment, Secrets.Legacy.property(environment, "rightsflow.intake.mailbox.secrets."),
                new Secrets.Legacy("a variable or property named like the reference", environment::getProperty));
    }

    /** How intake's views are built and when it is ready (shared by the four services). */
    @Bean
    public ProjectionState intakeProjectionState(@Qualifier("intakeMongoDatabase") MongoDatabase database,
            KafkaListenerEndpointRegistry listeners, @Qualifier("intakeStartup") IntakeStartup startup) {
        return new ProjectionState("request-intake", IntakeStartup.FORMAT, new ProjectionProgress(database), listeners,
                IntakeStartup.LISTENERS, startup);
    }

    /** Until intake has caught up, its pages and APIs answer 503 with Retry-After. */
    @Bean
    public CatchingUpFilter intakeCatchingUpFilter(@Qualifier("intakeProjectionState") ProjectionState state) {
        return new CatchingUpFilter(state, CATCHING_UP);
    }

    /** Intake's old operations path, kept for one release (README "API conventions"); its pages stay where they are. */
    @Bean
    public LegacyPaths.Alias intakeLegacyPaths() {
        return new LegacyPaths.Alias("/intake/rebuild", "/api/v1/intake/rebuild");
    }

    @Bean
    public MongoDatabase intakeMongoDatabase(MongoClient mongoClient, RequestIntakeProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    /**
     * The bank holidays, from the one source every service follows ({@code rightsflow.holidays.*}:
     * the shipped gov.uk snapshot, a refresh file re-read when it changes, an optional scheduled
     * fetch), so a new year takes effect without a rebuild or a restart.
     */
    @Bean(defaultCandidate = false)
    public RefreshableBankHolidays intakeBankHolidays(Environment environment) {
        return RefreshableBankHolidays.open(Binder.get(environment)
                .bindOrCreate("rightsflow.holidays", HolidaySourceSettings.class)).start();
    }

    /**
     * The shared deadline rules (ICO method, bank holidays per UK division). Not a default
     * candidate: in the standalone, other services' unqualified injections never see it.
     */
    @Bean(defaultCandidate = false)
    public DeadlineEngine intakeDeadlineEngine(@Qualifier("intakeBankHolidays") RefreshableBankHolidays intakeBankHolidays) {
        return DeadlineEngine.withHolidays(intakeBankHolidays);
    }

    /**
     * Status tokens and the content digests of idempotency records, derived from
     * {@code rightsflow.intake.token-secret}; intake does not start without one.
     */
    @Bean
    public dev.rightsflow.intake.request.model.RequestKeys intakeRequestKeys(RequestIntakeProperties properties) {
        if (properties.tokenSecret() == null || properties.tokenSecret().strip().length() < dev.rightsflow.intake.request.model.RequestKeys.MIN_SECRET_LENGTH) {
            throw new IllegalStateException("rightsflow.intake.token-secret (environment: RIGHTSFLOW_INTAKE_TOKENSECRET) must be"
                    + " set to a secret of at least " + dev.rightsflow.intake.request.model.RequestKeys.MIN_SECRET_LENGTH
                    + " characters: intake derives status tokens from it, so it must stay the same across restarts");
        }
        return new dev.rightsflow.intake.request.model.RequestKeys(properties.tokenSecret());
    }

    /** This installation's OpenDSR signing key and certificate ({@code rightsflow.opendsr.*}, see the README). */
    @Bean(defaultCandidate = false)
    public OpenDsrSigner intakeOpenDsrSigner(OpenDsrSettings settings) {
        return OpenDsrKeys.signer(settings);
    }

    /** The OpenDSR peers whose signed requests intake verifies. */
    @Bean(defaultCandidate = false)
    public OpenDsrPeers intakeOpenDsrPeers(OpenDsrSettings settings) {
        return new OpenDsrPeers(settings);
    }

    @Bean(defaultCandidate = false)
    public Clock intakeClock() {
        return Clock.systemUTC();
    }

    /**
     * Intake's part of the OpenAPI document (springdoc), at /v3/api-docs/request-intake; who may call what as
     * {@code IntakeSecurity} enforces it; per-operation facts in {@code openapi/request-intake.json}.
     */
    @Bean
    public GroupedOpenApi intakeOpenApi() {
        return ApiDocument.group("request-intake", "Request intake")
                .describedAs("the citizen's and the processor's way in: rights requests, their status, identity codes "
                        + "and withdrawals; requests forwarded by processors; requests staff log from letters, emails, "
                        + "calls and visits; the OpenDSR 2.0 API.")
                .packages("dev.rightsflow.intake")
                .paths("/api/v1/requests/**", "/api/v1/forwarded-requests", "/api/v1/logged-requests/**",
                        "/api/v1/organisations", "/opendsr/**", "/api/v1/intake/rebuild")
                .access(Access.PROCESSOR, "/api/v1/forwarded-requests")
                .access(HttpMethod.POST, Access.OPEN, "/api/v1/requests")
                .access(Access.STATUS_TOKEN, "/api/v1/requests/**")
                .access(HttpMethod.GET, Access.OPEN, "/opendsr/v2/discovery", "/opendsr/v2/certificate.pem",
                        "/opendsr/discovery", "/opendsr/v1/discovery", "/opendsr/v1/certificate.pem")
                .access(Access.OPENDSR_PROCESSOR, "/opendsr/**")
                .access(Access.STAFF, "/api/v1/logged-requests/**")
                .access(Access.OPERATOR_TOKEN, "/api/v1/intake/rebuild")
                .openDsrErrors("/opendsr/**")
                .catchingUp(CATCHING_UP)
                .build();
    }
}
