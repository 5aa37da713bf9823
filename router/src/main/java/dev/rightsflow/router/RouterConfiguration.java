package dev.rightsflow.router;

import java.time.Clock;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.http.HttpMethod;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.openapi.Access;
import dev.rightsflow.schemas.openapi.ApiDocument;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.FilterType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.HolidaySourceSettings;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.cases.application.CaseWorkflow;
import dev.rightsflow.router.cases.model.Outgoing;
import dev.rightsflow.router.cases.application.DeadlineCalendar;
import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.forwarding.application.ExternalForwarder;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.kafka.RegistryEvents;
import dev.rightsflow.router.registry.application.RegistryStore;
import dev.rightsflow.router.registry.application.SecretResolver;
import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.events.kafka.KafkaEventPublisher;
import dev.rightsflow.router.startup.RouterStartup;
import dev.rightsflow.schemas.state.CatchingUpFilter;
import dev.rightsflow.schemas.state.ProjectionProgress;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.router.cases.kafka.RetentionSchedule;
import dev.rightsflow.router.cases.kafka.TaskRiskSchedule;
import dev.rightsflow.router.cases.mongo.MongoCaseStore;
import dev.rightsflow.router.registry.mongo.MongoRegistryStore;
import dev.rightsflow.router.security.AdminAuth;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.net.GuardedWebClients;
import dev.rightsflow.schemas.api.LegacyPaths;
import dev.rightsflow.schemas.security.SharedWebSecurity;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.router.webhooks.kafka.WebhookSchedule;
import dev.rightsflow.router.webhooks.application.DeliveryStore;
import dev.rightsflow.router.webhooks.application.PreApprovals;
import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.router.webhooks.kafka.WebhookAvro;
import dev.rightsflow.router.webhooks.model.WebhookAttempted;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.webhooks.http.WebClientWebhookCall;
import dev.rightsflow.router.webhooks.mongo.MongoDeliveryStore;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;

/**
 * The whole wiring of router: controller resolution, forwarding and the plan of tasks. Used by {@link RouterApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, RouterProperties.class, OpenDsrSettings.class})
@Import(SharedWebSecurity.class)
@ComponentScan(basePackageClasses = RouterConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class RouterConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-router";

    /** The paths that answer 503 with Retry-After until the router has caught up. */
    static final List<String> CATCHING_UP = List.of("/api/v1/router", "/api/v1/registry");
    public static final String LISTENER_FACTORY = "routerListenerContainerFactory";
    public static final String BATCH_LISTENER_FACTORY = "routerBatchListenerContainerFactory";

    @Bean
    public KafkaTemplate<String, Object> routerKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> routerListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> routerKafkaTemplate,
            @Qualifier("routerProjectionState") ProjectionState state) {
        return Eventing.listenerFactory(kafka, GROUP, routerKafkaTemplate, Topics.DLT_ROUTER, state);
    }

    /**
     * The factory of the listeners that take a poll's records at a time (cases, their inputs and
     * their history: {@code RouterListeners}); a failing record is retried and dead-lettered alone.
     */
    @Bean(BATCH_LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> routerBatchListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> routerKafkaTemplate,
            @Qualifier("routerProjectionState") ProjectionState state) {
        return Eventing.batchListenerFactory(kafka, GROUP, routerKafkaTemplate, Topics.DLT_ROUTER, state);
    }

    /** How the router's state is built and when it is ready (shared by the four services). */
    @Bean
    public ProjectionState routerProjectionState(@Qualifier("routerMongoDatabase") MongoDatabase database,
            KafkaListenerEndpointRegistry listeners, @Qualifier("routerStartup") RouterStartup startup) {
        return new ProjectionState("router", RouterStartup.FORMAT, new ProjectionProgress(database), listeners,
                RouterStartup.LISTENERS, startup);
    }

    /** Until the router has caught up, its paths answer 503 with Retry-After. */
    @Bean
    public CatchingUpFilter routerCatchingUpFilter(@Qualifier("routerProjectionState") ProjectionState state) {
        return new CatchingUpFilter(state, CATCHING_UP);
    }

    /**
     * The router's part of the OpenAPI document (springdoc), at /v3/api-docs/router; who may call what as
     * {@code RouterSecurity} enforces it; per-operation facts in {@code openapi/router.json}.
     */
    @Bean
    public GroupedOpenApi routerOpenApi() {
        return ApiDocument.group("router", "Router")
                .describedAs("the registry of organisations, their services, systems and webhooks; cases, triage and "
                        + "pre-approval; requests forwarded to other controllers, and their OpenDSR status callbacks.")
                .packages("dev.rightsflow.router")
                .paths("/api/v1/router/**", "/api/v1/registry/**")
                .access(HttpMethod.POST, Access.OPEN, "/api/v1/router/pre-approval/*/*")
                .access(HttpMethod.POST, Access.OPENDSR_PEER, "/api/v1/router/opendsr/callbacks")
                .access(Access.REGISTRY_TOKEN, "/api/v1/router/**", "/api/v1/registry/**")
                .openDsrErrors("/api/v1/router/opendsr/callbacks")
                .catchingUp(CATCHING_UP)
                .build();
    }

    /** The router's old unversioned paths, kept for one release (README "API conventions"). */
    @Bean
    public LegacyPaths.Alias routerLegacyPaths() {
        return new LegacyPaths.Alias("/router", "/api/v1/router");
    }

    @Bean
    public MongoDatabase routerMongoDatabase(MongoClient mongoClient, RouterProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    @Bean
    public Clock routerClock() {
        return Clock.systemUTC();
    }

    @Bean
    public RegistryCodec routerRegistryCodec() {
        AvroSingleObjectSerde.trustRightsflowPackages();
        return new RegistryCodec();
    }

    /**
     * The bank holidays, from the one source every service follows ({@code rightsflow.holidays.*}:
     * the shipped gov.uk snapshot, a refresh file re-read when it changes, an optional scheduled
     * fetch), so a new year takes effect without a rebuild or a restart.
     */
    @Bean(defaultCandidate = false)
    public RefreshableBankHolidays routerBankHolidays(Environment environment) {
        return RefreshableBankHolidays.open(Binder.get(environment)
                .bindOrCreate("rightsflow.holidays", HolidaySourceSettings.class)).start();
    }

    @Bean
    public DeadlineCalendar routerDeadlineCalendar(@Qualifier("routerBankHolidays") RefreshableBankHolidays routerBankHolidays) {
        return new DeadlineCalendar(DeadlineEngine.withHolidays(routerBankHolidays));
    }

    /**
     * Secrets by reference, the one rule of {@link Secrets}; the router's old ways ({@code rightsflow.router.secrets.<name>},
     * then a variable or property named like the reference) still answer for one release, with a deprecation warning.
     */
    @Bean
    public SecretResolver routerSecretResolver(RouterProperties properties, Environment environment) {
        return Secrets.of(environment,
                new Secrets.Legacy("the property rightsflow.router.secrets.<name>", properties.secrets()::get),
                new Secrets.Legacy("a variable or property named like the reference", environment::getProperty))::find;
    }

    /** The registry's edits, already in the contract's terms ({@code registry.kafka.RegistryEvents}). */
    @Bean
    public EventPublisher<KafkaEventPublisher.Addressed> routerEventPublisher(
            @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> template) {
        return KafkaEventPublisher.ofEvents(template);
    }

    /** The case's facts, mapped to the contract by the case's Kafka adapter. */
    @Bean
    public EventPublisher<Outgoing> routerCasePublisher(
            @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> template) {
        return new KafkaEventPublisher<>(template, CaseEventAvro::address);
    }

    /** The case's inputs and facts in the contract (the listeners' mapping, the case's stored encodings). */
    @Bean
    public CaseEventAvro routerCaseEventAvro() {
        return new CaseEventAvro(new AvroSingleObjectSerde());
    }

    @Bean
    public RegistryStore routerRegistryStore(@Qualifier("routerMongoDatabase") MongoDatabase database,
            @Qualifier("routerRegistryCodec") RegistryCodec codec) {
        return new MongoRegistryStore(database, codec);
    }

    @Bean
    public CaseStore routerCaseStore(@Qualifier("routerMongoDatabase") MongoDatabase database,
            @Qualifier("routerRegistryCodec") RegistryCodec codec) {
        return new MongoCaseStore(database, codec.json());
    }

    @Bean
    public RegistryService routerRegistryService(@Qualifier("routerRegistryStore") RegistryStore store,
            @Qualifier("routerEventPublisher") EventPublisher<KafkaEventPublisher.Addressed> publisher,
            @Qualifier("routerRegistryCodec") RegistryCodec codec, @Qualifier("routerClock") Clock clock) {
        return new RegistryService(store, new RegistryEvents(publisher), codec, clock);
    }

    /** This installation's OpenDSR signing key ({@code rightsflow.opendsr.*}, shared with intake). */
    @Bean(defaultCandidate = false)
    public OpenDsrSigner routerOpenDsrSigner(OpenDsrSettings settings) {
        return OpenDsrKeys.signer(settings);
    }

    /** The OpenDSR peers (external controllers) whose answers and callbacks the router verifies. */
    @Bean(defaultCandidate = false)
    public OpenDsrPeers routerOpenDsrPeers(OpenDsrSettings settings) {
        return new OpenDsrPeers(settings);
    }

    @Bean
    public ExternalForwarder routerExternalForwarder(RouterProperties properties,
            @Qualifier("routerSecretResolver") SecretResolver secrets,
            @Qualifier("routerRegistryCodec") RegistryCodec codec, @Qualifier("routerClock") Clock clock,
            OpenDsrSettings openDsr, @Qualifier("routerOpenDsrSigner") OpenDsrSigner signer,
            @Qualifier("routerOpenDsrPeers") OpenDsrPeers peers,
            @Qualifier("routerRegistryService") RegistryService registry) {
        // connects only to addresses checked at connect time; the allow-list is every organisation's (each call's
        // own list is checked before the call, in SignedForwarder) and OpenDSR's own
        java.util.function.Supplier<List<String>> allowed = () -> {
            List<String> all = new java.util.ArrayList<>(openDsr.allowedOutboundHosts());
            registry.entries().forEach(e -> all.addAll(e.organisation().allowedOutboundHosts()));
            return all;
        };
        return new SignedForwarder(GuardedWebClients.builder(allowed).build(), secrets, codec.json(), clock,
                properties.forwardAttempts(), properties.forwardBackOff(), properties.forwardTimeout(), openDsr, signer, peers);
    }

    @Bean
    public CaseWorkflow routerCaseWorkflow(@Qualifier("routerRegistryService") RegistryService registry,
            @Qualifier("routerDeadlineCalendar") DeadlineCalendar calendar, @Qualifier("routerClock") Clock clock) {
        return new CaseWorkflow(registry, calendar, clock);
    }

    @Bean(destroyMethod = "close")
    public CaseService routerCaseService(@Qualifier("routerCaseStore") CaseStore store,
            @Qualifier("routerCaseWorkflow") CaseWorkflow workflow,
            @Qualifier("routerRegistryService") RegistryService registry,
            @Qualifier("routerCasePublisher") EventPublisher<Outgoing> publisher,
            @Qualifier("routerCaseEventAvro") CaseEventAvro avro,
            @Qualifier("routerExternalForwarder") ExternalForwarder forwarder, RouterProperties properties) {
        return new CaseService(store, workflow, registry, publisher, avro, forwarder, properties.forwardingThreads());
    }

    @Bean
    public TaskRiskSchedule routerTaskRiskSchedule(@Qualifier("routerCaseService") CaseService cases,
            @Qualifier("routerClock") Clock clock, @Qualifier("routerProjectionState") ProjectionState state,
            RouterProperties properties) {
        return new TaskRiskSchedule(cases, clock, properties.riskCheckInterval(), state::catchingUp);
    }

    @Bean
    public RetentionSchedule routerRetentionSchedule(@Qualifier("routerCaseService") CaseService cases,
            @Qualifier("routerClock") Clock clock, KafkaSettings kafka, @Qualifier("routerProjectionState") ProjectionState state,
            RouterProperties properties) {
        return new RetentionSchedule(cases, KafkaKeyStore.shared(kafka), clock, properties.retentionCheckInterval(),
                state::catchingUp);
    }

    @Bean
    public DeliveryStore routerWebhookDeliveryStore(@Qualifier("routerMongoDatabase") MongoDatabase database,
            @Qualifier("routerRegistryCodec") RegistryCodec codec) {
        return new MongoDeliveryStore(database, codec.json());
    }

    /**
     * Organisations' webhooks; their calls connect only to addresses checked at connect time, the allow-list being
     * every organisation's (each call's own list is checked before the call).
     */
    @Bean
    public WebhookDeliveries routerWebhookDeliveries(@Qualifier("routerWebhookDeliveryStore") DeliveryStore store,
            @Qualifier("routerCaseStore") CaseStore caseStore,
            @Qualifier("routerRegistryService") RegistryService registry,
            @Qualifier("routerSecretResolver") SecretResolver secrets,
            @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> template,
            @Qualifier("routerRegistryCodec") RegistryCodec codec, @Qualifier("routerClock") Clock clock,
            RouterProperties properties) {
        java.util.function.Supplier<List<String>> allowed = () -> registry.entries().stream()
                .flatMap(e -> e.organisation().allowedOutboundHosts().stream()).toList();
        return new WebhookDeliveries(store, caseStore, registry, secrets,
                new KafkaEventPublisher<WebhookAttempted>(template, WebhookAvro::address),
                new WebClientWebhookCall(GuardedWebClients.builder(allowed).build()), codec.json(), clock,
                new WebhookDeliveries.Settings(properties.webhookAttempts(), properties.webhookBackOff(),
                        properties.webhookMaxBackOff(), properties.webhookTimeout(), properties.webhookMaxAge(),
                        properties.publicBaseUrl()));
    }

    @Bean
    public PreApprovals routerPreApprovals(@Qualifier("routerCaseStore") CaseStore caseStore,
            @Qualifier("routerRegistryService") RegistryService registry,
            @Qualifier("routerSecretResolver") SecretResolver secrets,
            @Qualifier("routerKafkaTemplate") KafkaTemplate<String, Object> template,
            @Qualifier("routerRegistryCodec") RegistryCodec codec, @Qualifier("routerClock") Clock clock) {
        return new PreApprovals(caseStore, registry, secrets,
                new KafkaEventPublisher<CaseCommand>(template, WebhookAvro::address), codec.json(), clock);
    }

    @Bean
    public WebhookSchedule routerWebhookSchedule(@Qualifier("routerWebhookDeliveries") WebhookDeliveries deliveries,
            @Qualifier("routerProjectionState") ProjectionState state, RouterProperties properties) {
        return new WebhookSchedule(deliveries, state, properties.webhookInterval());
    }

    @Bean
    public RouterStartup routerStartup(@Qualifier("routerRegistryStore") RegistryStore registryStore,
            @Qualifier("routerCaseStore") CaseStore caseStore,
            @Qualifier("routerRegistryService") RegistryService registry,
            @Qualifier("routerCaseService") CaseService cases, @Qualifier("routerRegistryCodec") RegistryCodec codec,
            @Qualifier("routerWebhookDeliveryStore") DeliveryStore webhookDeliveries,
            RouterProperties properties, ResourceLoader resources) {
        return new RouterStartup(registryStore, caseStore, registry, cases, codec, webhookDeliveries,
                properties.seed() == null || properties.seed().isBlank() ? null
                        : resources.getResource(properties.seed()));
    }

    @Bean
    public AdminAuth routerAdminAuth(RouterProperties properties,
            @Qualifier("routerSecretResolver") SecretResolver secrets,
            @Qualifier("routerRegistryService") RegistryService registry, Environment environment) {
        return AdminAuth.checked(properties.adminToken(), environment.getProperty("rightsflow.demo", Boolean.class, false),
                secrets, registry);
    }
}
