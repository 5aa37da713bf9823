package dev.rightsflow.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.http.HttpMethod;
import dev.rightsflow.connectors.catalogue.application.Art15Catalogue;
import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.kafka.ConnectorsListeners;
import dev.rightsflow.connectors.kafka.ProjectionRebuild;
import dev.rightsflow.connectors.lanes.kafka.KafkaLaneLog;
import dev.rightsflow.connectors.lanes.model.RateLimit;
import dev.rightsflow.connectors.packages.application.AccessPackages;
import dev.rightsflow.connectors.packages.mongo.MongoPackageStore;
import dev.rightsflow.connectors.tasks.application.ExportVault;
import dev.rightsflow.connectors.tasks.application.PackageCipher;
import dev.rightsflow.connectors.tasks.application.Projections;
import dev.rightsflow.connectors.tasks.application.RunnerSettings;
import dev.rightsflow.connectors.tasks.application.TaskRunner;
import dev.rightsflow.connectors.tasks.kafka.KafkaResultPublisher;
import dev.rightsflow.connectors.tasks.model.RetryPolicy;
import dev.rightsflow.connectors.tasks.mongo.MongoTaskStore;
import dev.rightsflow.connectors.vendors.OpenDsrCertificates;
import dev.rightsflow.schemas.secrets.Secrets;
import dev.rightsflow.schemas.openapi.Access;
import dev.rightsflow.schemas.openapi.ApiDocument;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.FilterType;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.schemas.net.CheckedHttpClient;
import dev.rightsflow.schemas.api.LegacyPaths;
import dev.rightsflow.schemas.security.SharedWebSecurity;
import dev.rightsflow.schemas.state.CatchingUpFilter;
import dev.rightsflow.schemas.state.ProjectionProgress;
import dev.rightsflow.schemas.state.ProjectionState;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The whole wiring of processor connectors: the connector interface, the task runner and access packages. Used by {@link ProcessorConnectorsApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module and shared types are injected by qualifier.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, ProcessorConnectorsProperties.class})
@Import(SharedWebSecurity.class)
@ComponentScan(basePackageClasses = ProcessorConnectorsConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class ProcessorConnectorsConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-connectors";
    public static final String LISTENER_FACTORY = "connectorsListenerContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(ProcessorConnectorsConfiguration.class);

    @Bean
    public KafkaTemplate<String, Object> connectorsKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> connectorsListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("connectorsKafkaTemplate") KafkaTemplate<String, Object> connectorsKafkaTemplate,
            @Qualifier("connectorsProjectionState") ProjectionState state) {
        // batch listeners: a poll's records per call (ConnectorsListeners)
        return Eventing.batchListenerFactory(kafka, GROUP, connectorsKafkaTemplate, Topics.DLT_CONNECTORS, state);
    }

    /** How the service's state is built and when it is ready (shared by the four services). */
    @Bean
    public ProjectionState connectorsProjectionState(@Qualifier("connectorsMongoDatabase") MongoDatabase database,
            KafkaListenerEndpointRegistry listeners, @Qualifier("connectorsProjectionRebuild") ProjectionRebuild startup) {
        return new ProjectionState("processor-connectors", ProjectionRebuild.FORMAT, new ProjectionProgress(database),
                listeners, ProjectionRebuild.LISTENERS, startup);
    }

    /** Until the service has caught up, its paths answer 503 with Retry-After. */
    /** The old unversioned paths, kept for one release (README "API conventions"); the longer prefix wins. */
    @Bean
    public LegacyPaths.Alias connectorsLegacyPaths() {
        return new LegacyPaths.Alias("/connectors", "/api/v1/connectors");
    }

    /** The subject's package links in mails sent before 0.2. */
    @Bean
    public LegacyPaths.Alias connectorsLegacyPackagePaths() {
        return new LegacyPaths.Alias("/connectors/packages", "/api/v1/packages");
    }

    @Bean
    public CatchingUpFilter connectorsCatchingUpFilter(@Qualifier("connectorsProjectionState") ProjectionState state) {
        return new CatchingUpFilter(state, CATCHING_UP);
    }

    /** The paths that answer 503 with Retry-After until the connectors have caught up. */
    static final List<String> CATCHING_UP = List.of("/api/v1/connectors", "/api/v1/packages");

    /**
     * The connectors' part of the OpenAPI document (springdoc), at /v3/api-docs/processor-connectors; who may call
     * what as {@code ConnectorsSecurity} enforces it; per-operation facts in {@code openapi/processor-connectors.json}.
     */
    @Bean
    public GroupedOpenApi connectorsOpenApi() {
        return ApiDocument.group("processor-connectors", "Processor connectors")
                .describedAs("the tasks run against each system (vendor APIs, databases, manual work), their lanes and "
                        + "dead letters, connector configuration checks, OpenDSR callbacks from processors, and the "
                        + "download of access packages.")
                .packages("dev.rightsflow.connectors")
                .paths("/api/v1/connectors/**", "/api/v1/packages/**")
                .access(Access.OPENDSR_PEER, "/api/v1/connectors/callbacks/opendsr/**")
                .access(HttpMethod.GET, Access.STATUS_TOKEN, "/api/v1/packages/**")
                .access(Access.OPEN, "/api/v1/packages/**")
                .access(Access.OPERATOR_TOKEN, "/api/v1/connectors/**")
                .catchingUp(CATCHING_UP)
                .build();
    }

    @Bean
    public MongoDatabase connectorsMongoDatabase(MongoClient mongoClient, ProcessorConnectorsProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    @Bean
    public ConnectorCatalogue connectorsCatalogue() {
        ConnectorCatalogue catalogue = ConnectorCatalogue.discover(ProcessorConnectorsConfiguration.class.getClassLoader());
        log.info("connectors installed: {}", catalogue.all().stream().map(c -> c.name()).toList());
        return catalogue;
    }

    /** Secrets by reference, the one rule of {@link Secrets}; the old {@code secrets-file} still answers, deprecated. */
    @Bean
    public Secrets connectorsSecrets(ProcessorConnectorsProperties properties, Environment environment) {
        return properties.secretsFile().isBlank() ? Secrets.of(environment) : Secrets.of(environment,
                Secrets.Legacy.propertiesFile("rightsflow.connectors.secrets-file", Path.of(properties.secretsFile())));
    }

    @Bean
    public PackageCipher connectorsPackageCipher(ProcessorConnectorsProperties properties) {
        return new PackageCipher(packageKey(properties.packages()));
    }

    @Bean
    public ExportVault connectorsExportVault(ProcessorConnectorsProperties properties, PackageCipher connectorsPackageCipher) {
        return new ExportVault(Path.of(properties.packages().directory()), connectorsPackageCipher);
    }

    @Bean
    public MongoTaskStore connectorsTaskStore(@Qualifier("connectorsMongoDatabase") MongoDatabase database) {
        MongoTaskStore store = new MongoTaskStore(database);
        store.createIndexes().block(Duration.ofSeconds(30));
        return store;
    }

    @Bean
    public MongoPackageStore connectorsPackageStore(@Qualifier("connectorsMongoDatabase") MongoDatabase database) {
        MongoPackageStore store = new MongoPackageStore(database);
        store.createIndexes().block(Duration.ofSeconds(30));
        return store;
    }

    @Bean
    public KafkaResultPublisher connectorsResultPublisher(@Qualifier("connectorsKafkaTemplate") KafkaTemplate<String, Object> template,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        return new KafkaResultPublisher(template, meters.getIfAvailable(() -> io.micrometer.core.instrument.Metrics.globalRegistry));
    }

    @Bean
    public TaskRunner connectorsTaskRunner(ProcessorConnectorsProperties properties, ConnectorCatalogue connectorsCatalogue,
            MongoTaskStore connectorsTaskStore, KafkaResultPublisher connectorsResultPublisher, ExportVault connectorsExportVault,
            @Qualifier("connectorsSecrets") Secrets connectorsSecrets, KafkaSettings kafka,
            @Qualifier("connectorsKafkaTemplate") KafkaTemplate<String, Object> connectorsKafkaTemplate) {
        HttpClient http = CheckedHttpClient.create(properties.allowedOutboundHosts());
        TaskRunner runner = new TaskRunner(connectorsCatalogue, connectorsTaskStore, connectorsResultPublisher, connectorsExportVault,
                connectorsSecrets, http, Clock.systemUTC(), runnerSettings(properties));
        runner.lanesTo(new KafkaLaneLog(connectorsKafkaTemplate, kafka));
        return runner;
    }

    /** Certificates OpenDSR processors sign callbacks with, fetched from their discovery documents and cached for a day. */
    @Bean
    public OpenDsrCertificates connectorsOpenDsrCertificates(ProcessorConnectorsProperties properties) {
        HttpClient http = CheckedHttpClient.create(properties.allowedOutboundHosts());
        return new OpenDsrCertificates(http, Clock.systemUTC(), Duration.ofHours(24));
    }

    @Bean
    public AccessPackages connectorsAccessPackages(ProcessorConnectorsProperties properties, MongoTaskStore connectorsTaskStore,
            MongoPackageStore connectorsPackageStore, ExportVault connectorsExportVault, PackageCipher connectorsPackageCipher,
            KafkaResultPublisher connectorsResultPublisher, TaskRunner connectorsTaskRunner) {
        String art15Dir = properties.packages().art15Dir();
        AccessPackages packages = new AccessPackages(connectorsTaskStore, connectorsPackageStore, connectorsExportVault,
                new Art15Catalogue(art15Dir.isBlank() ? null : Path.of(art15Dir)), connectorsPackageCipher, connectorsResultPublisher,
                Path.of(properties.packages().directory()), properties.packages().validity(), Clock.systemUTC());
        connectorsTaskRunner.onSettled(packages);
        return packages;
    }

    @Bean
    public Projections connectorsProjections(ProcessorConnectorsProperties properties, MongoTaskStore connectorsTaskStore) {
        return new Projections(connectorsTaskStore, properties.runner().reminderEvery());
    }

    @Bean
    public ProjectionRebuild connectorsProjectionRebuild(ProcessorConnectorsProperties properties,
            MongoTaskStore connectorsTaskStore, MongoPackageStore connectorsPackageStore, Projections connectorsProjections,
            TaskRunner connectorsTaskRunner, AccessPackages connectorsAccessPackages) {
        return new ProjectionRebuild(connectorsTaskStore, connectorsPackageStore, connectorsProjections, connectorsTaskRunner,
                connectorsAccessPackages, properties.packages().purgeEvery());
    }

    @Bean
    public ConnectorsListeners connectorsListeners(TaskRunner connectorsTaskRunner, AccessPackages connectorsAccessPackages,
            MongoPackageStore connectorsPackageStore, ProjectionRebuild connectorsProjectionRebuild,
            @Qualifier("connectorsProjectionState") ProjectionState state) {
        return new ConnectorsListeners(connectorsTaskRunner, connectorsAccessPackages, connectorsPackageStore,
                connectorsProjectionRebuild, state);
    }

    static RunnerSettings runnerSettings(ProcessorConnectorsProperties properties) {
        ProcessorConnectorsProperties.Runner r = properties.runner();
        Map<String, RunnerSettings.Lane> lanes = new HashMap<>();
        lanes.put("default", new RunnerSettings.Lane(r.concurrency(), RateLimit.perSecond(r.callsPerSecond()),
                new RetryPolicy(r.maxAttempts(), r.initialBackoff(), r.multiplier(), r.maxBackoff(), r.jitter(), r.retryFor()),
                breaker(r, r.breakerMinimumCalls(), r.breakerProbeEvery())));
        properties.lanes().forEach((name, l) -> lanes.put(name, new RunnerSettings.Lane(
                l.concurrency() == null ? r.concurrency() : l.concurrency(),
                rateLimit(r, l),
                new RetryPolicy(l.maxAttempts() == null ? r.maxAttempts() : l.maxAttempts(),
                        l.initialBackoff() == null ? r.initialBackoff() : l.initialBackoff(), r.multiplier(),
                        l.maxBackoff() == null ? r.maxBackoff() : l.maxBackoff(), r.jitter(),
                        l.retryFor() == null ? r.retryFor() : l.retryFor()),
                breaker(r, l.breakerMinimumCalls() == null ? r.breakerMinimumCalls() : l.breakerMinimumCalls(),
                        l.breakerProbeEvery() == null ? r.breakerProbeEvery() : l.breakerProbeEvery()))));
        return new RunnerSettings(r.pollInterval(), r.lease(), r.batch(), r.reminderEvery(), lanes,
                properties.publicBaseUrl().isBlank() ? null : properties.publicBaseUrl(), r.shutdownTimeout());
    }

    /** A system's vendor counts as down by these numbers; the window holds at least twice the minimum. */
    private static RunnerSettings.Breaker breaker(ProcessorConnectorsProperties.Runner runner, int minimumCalls, Duration probeEvery) {
        return new RunnerSettings.Breaker(minimumCalls, Math.max(10, 2 * minimumCalls), runner.breakerFailureRate(), probeEvery);
    }

    private static RateLimit rateLimit(ProcessorConnectorsProperties.Runner runner, ProcessorConnectorsProperties.Lane lane) {
        if (lane.callsPerPeriod() != null) {
            return new RateLimit(lane.callsPerPeriod(), lane.period() == null ? Duration.ofSeconds(1) : lane.period());
        }
        return RateLimit.perSecond(lane.callsPerSecond() == null ? runner.callsPerSecond() : lane.callsPerSecond());
    }

    /** The configured key, or for the embedded run a random key kept in the package directory (owner-only). */
    static byte[] packageKey(ProcessorConnectorsProperties.Packages packages) {
        if (!packages.key().isBlank()) {
            return Base64.getDecoder().decode(packages.key().trim());
        }
        Path file = Path.of(packages.directory()).resolve(".package-key");
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            log.warn("no rightsflow.connectors.packages.key configured: made a package key at {}; set one from a secret store in production",
                    file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the package key " + file, e);
        }
    }
}
