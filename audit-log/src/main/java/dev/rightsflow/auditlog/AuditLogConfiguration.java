package dev.rightsflow.auditlog;

import java.time.Clock;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springdoc.core.models.GroupedOpenApi;
import dev.rightsflow.schemas.openapi.Access;
import dev.rightsflow.schemas.openapi.ApiDocument;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.FilterType;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.alerts.application.AlertNotifications;
import dev.rightsflow.auditlog.alerts.application.AlertScanner;
import dev.rightsflow.auditlog.cases.application.CaseIndex;
import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.LiveUpdates;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.auditlog.deadletters.DeadLetterStore;
import dev.rightsflow.auditlog.kafka.FlowBatch;
import dev.rightsflow.auditlog.kafka.FlowIngest;
import dev.rightsflow.auditlog.lanes.LaneView;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.auditlog.webhooks.WebhookLog;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.deadline.holidays.RefreshableBankHolidays;
import dev.rightsflow.schemas.api.LegacyPaths;
import dev.rightsflow.schemas.security.SharedWebSecurity;
import dev.rightsflow.schemas.web.SiteIcon;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.state.CatchingUpFilter;
import dev.rightsflow.schemas.state.ProjectionProgress;
import dev.rightsflow.schemas.state.ProjectionState;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The wiring of audit log: hash-chained audit trail, case and deadline projection, alerts and the compliance dashboard. Used by {@link AuditLogApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 * <p>
 * One wiring style in every service (the shared architecture rule "wired in configuration", as the router's): the scan
 * finds only configuration classes, web adapters ({@code ..web..}) and the Kafka listeners ({@code kafka.FlowListeners});
 * everything else is a {@code @Bean}. Here: Kafka and MongoDB, the flow ({@code kafka.FlowIngest},
 * {@code kafka.FlowBatch}), the start-up ({@link AuditLogStartup}) and the views of the features without a
 * configuration of their own (registry, lanes, webhooks, dead letters); each other feature's {@code *Configuration}
 * wires its use cases and adapters ({@code trail}, {@code cases}, {@code alerts}, {@code dashboard},
 * {@code deadlines}; the staff directory in {@code dashboard.security.DashboardSecurity}).
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, AuditLogProperties.class})
@Import({SharedWebSecurity.class, SiteIcon.class})
@ComponentScan(basePackageClasses = AuditLogConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class AuditLogConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-audit-log";
    public static final String LISTENER_FACTORY = "auditLogListenerContainerFactory";
    /** The flow listener's: batch listeners, a poll's records per call ({@code FlowBatch}). */
    public static final String FLOW_LISTENER_FACTORY = "auditLogFlowListenerContainerFactory";
    public static final String DEAD_LETTER_LISTENER_FACTORY = "auditLogDeadLetterListenerContainerFactory";

    /**
     * Publishes as every service does ({@link Eventing}: idempotent, {@code acks=all}), with batches sized for the
     * flow's witnesses: a poll of up to {@value #FLOW_POLL_RECORDS} events sends as many {@code AuditEntryAppended}
     * at once, and the poll awaits their acknowledgements before it stores its offsets. With Kafka's 16 KiB batches
     * and no linger such a burst went out as a train of small produce requests, five in flight, each a round trip
     * to the broker; the profile under load had the flow listener waiting on those acknowledgements for half its
     * time. {@code rightsflow.audit-log.producer-batch-size} (bytes per partition batch, default 262144: a
     * poll's witnesses fit one request) and {@code rightsflow.audit-log.producer-linger-ms} (default 5: a burst's
     * first sends wait that long for the rest of the burst; a lone staff action or anchor waits at most that).
     */
    @Bean
    public KafkaTemplate<String, Object> auditLogKafkaTemplate(KafkaSettings kafka,
            @org.springframework.beans.factory.annotation.Value("${rightsflow.audit-log.producer-linger-ms:5}") int lingerMs,
            @org.springframework.beans.factory.annotation.Value("${rightsflow.audit-log.producer-batch-size:262144}")
            int batchSize) {
        TopicAdmin.ensure(kafka, List.of());
        KafkaTemplate<String, Object> template = Eventing.template(kafka, GROUP);
        if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<String, Object> factory) {
            factory.updateConfigs(java.util.Map.of(ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                    ProducerConfig.BATCH_SIZE_CONFIG, batchSize));
        }
        return template;
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> auditLogListenerContainerFactory(
            KafkaSettings kafka, KafkaTemplate<String, Object> auditLogKafkaTemplate,
            @Qualifier("auditLogProjectionState") ProjectionState state) {
        return Eventing.listenerFactory(kafka, GROUP, auditLogKafkaTemplate, Topics.DLT_AUDIT, state);
    }

    /**
     * The flow's batch listeners, with polls of up to {@code rightsflow.audit-log.flow-poll-records} records
     * (default {@value #FLOW_POLL_RECORDS}; Kafka's default is 500): a request's events mostly fall in one poll, so
     * its case is read and written once for several of them ({@code FlowBatch}), and a catch-up takes fewer
     * round trips. A poll returns what is there at once, so a larger bound does not hold a live event back.
     */
    @Bean(FLOW_LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> auditLogFlowListenerContainerFactory(
            KafkaSettings kafka, KafkaTemplate<String, Object> auditLogKafkaTemplate,
            @Qualifier("auditLogProjectionState") ProjectionState state, MongoCaseStore cases,
            @org.springframework.beans.factory.annotation.Value("${rightsflow.audit-log.flow-poll-records:"
                    + FLOW_POLL_RECORDS + "}") int pollRecords) {
        ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> factory = Eventing.batchListenerFactory(kafka,
                GROUP, auditLogKafkaTemplate, Topics.DLT_AUDIT, state);
        java.util.Properties consumer = new java.util.Properties();
        consumer.setProperty(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                String.valueOf(pollRecords));
        factory.getContainerProperties().setKafkaConsumerProperties(consumer);
        // partitions gained may hold cases another instance changed meanwhile: the cases kept as last written go
        factory.getContainerProperties().setConsumerRebalanceListener(
                new ForgettingOnAssignment(state.rebalanceListener(), cases::forgetWritten));
        return factory;
    }

    /** The shared start-up's rebalance listener, with {@code forget} run first whenever partitions are assigned or lost. */
    private record ForgettingOnAssignment(ConsumerAwareRebalanceListener shared, Runnable forget)
            implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsRevokedBeforeCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            shared.onPartitionsRevokedBeforeCommit(consumer, partitions);
        }

        @Override
        public void onPartitionsRevokedAfterCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            shared.onPartitionsRevokedAfterCommit(consumer, partitions);
        }

        @Override
        public void onPartitionsLost(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            forget.run();
            shared.onPartitionsLost(consumer, partitions);
        }

        @Override
        public void onPartitionsAssigned(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
            forget.run();
            shared.onPartitionsAssigned(consumer, partitions);
        }
    }

    /** The flow listener's default bound on a poll's records. */
    public static final int FLOW_POLL_RECORDS = 2000;

    /** How audit-log's projections are built and when it is ready (shared by the four services). */
    @Bean
    public ProjectionState auditLogProjectionState(@Qualifier("auditLogMongoDatabase") MongoDatabase database,
            KafkaListenerEndpointRegistry listeners, @Qualifier("auditLogStartup") AuditLogStartup startup) {
        return new ProjectionState("audit-log", AuditLogStartup.FORMAT, new ProjectionProgress(database), listeners,
                AuditLogStartup.LISTENERS, startup);
    }

    /** Audit-log's old holiday path, kept for one release (README "API conventions"). */
    @Bean
    public LegacyPaths.Alias auditLogLegacyPaths() {
        return new LegacyPaths.Alias("/audit/deadlines/holidays", "/api/v1/deadlines/holidays");
    }

    /** Until audit-log has caught up, its pages and APIs answer 503 with Retry-After. */
    @Bean
    public CatchingUpFilter auditLogCatchingUpFilter(@Qualifier("auditLogProjectionState") ProjectionState state) {
        return new CatchingUpFilter(state, CATCHING_UP);
    }

    /** The paths that answer 503 with Retry-After until audit-log has caught up. */
    static final List<String> CATCHING_UP = List.of("/dashboard", "/api/v1/dashboard", "/api/v1/audit", "/api/v1/deadlines/holidays");

    /**
     * Audit-log's part of the OpenAPI document (springdoc), at /v3/api-docs/audit-log: the dashboard's and the audit
     * trail's API (staff, as {@code DashboardSecurity} enforces it) and the open deadline calculator; per-operation
     * facts in {@code openapi/audit-log.json}. The dashboard's pages are not API and are left out.
     */
    @Bean
    public GroupedOpenApi auditLogOpenApi() {
        return ApiDocument.group("audit-log", "Audit log")
                .describedAs("the staff dashboard's API (cases, actions, paused lanes, dead letters, live updates), the "
                        + "tamper-evident audit trail and its exports, and the statutory deadline calculator.")
                .packages("dev.rightsflow.auditlog")
                .paths("/api/v1/dashboard/**", "/api/v1/audit/**", "/api/v1/deadlines/**")
                .access(Access.STAFF, "/api/v1/dashboard/**", "/api/v1/audit/**")
                .catchingUp(CATCHING_UP)
                .build();
    }

    /**
     * Reads the dead-letter topics as raw bytes: only their headers (where and why) are kept, and a
     * dead letter may be undecodable by definition.
     */
    @Bean(DEAD_LETTER_LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, byte[]> auditLogDeadLetterListenerContainerFactory(
            KafkaSettings kafka, @Qualifier("auditLogProjectionState") ProjectionState state) {
        var props = new java.util.HashMap<String, Object>(Eventing.consumerFactory(kafka, GROUP + "-dead-letters")
                .getConfigurationProperties());
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()));
        state.configure(factory);
        return factory;
    }

    @Bean
    public MongoDatabase auditLogMongoDatabase(MongoClient mongoClient, AuditLogProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    /**
     * The clock of deadlines, alerts and the audit trail's recording times; tests replace it to move
     * time. It ticks in milliseconds: an entry's recording time is hashed, and its witness on the
     * AUDIT topic carries it in milliseconds, so a trail put back from the witness must find the very
     * same instant (a nanosecond clock made every entry re-recorded after a crash differ from its witness).
     */
    @Bean
    public Clock auditLogClock() {
        return Clock.tickMillis(java.time.ZoneOffset.UTC);
    }

    @Bean
    public RegistryView auditLogRegistryView(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new RegistryView(database);
    }

    @Bean
    public LaneView auditLogLaneView(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new LaneView(database);
    }

    @Bean
    public WebhookLog auditLogWebhookLog(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new WebhookLog(database);
    }

    @Bean
    public DeadLetterStore auditLogDeadLetterStore(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new DeadLetterStore(database);
    }

    /** One event of the flow into the trail, the case, the registry, the lanes, the webhook log and the alerts. */
    @Bean
    public FlowIngest auditLogFlowIngest(@Qualifier("auditLogAuditTrail") AuditTrail trail, CaseProjection cases,
            @Qualifier("auditLogRegistryView") RegistryView registry, LiveUpdates live, AlertNotifications notifications,
            CaseQueries queries, @Qualifier("auditLogLaneView") LaneView lanes,
            @Qualifier("auditLogKafkaTemplate") KafkaTemplate<String, Object> kafka,
            @Qualifier("auditLogClock") Clock clock, @Qualifier("auditLogWebhookLog") WebhookLog webhookLog) {
        return new FlowIngest(trail, cases, registry, live, notifications, queries, lanes, kafka, clock, webhookLog);
    }

    /** A poll of the flow at a time ({@code kafka.FlowListeners}). */
    @Bean
    public FlowBatch auditLogFlowBatch(@Qualifier("auditLogFlowIngest") FlowIngest ingest, CaseProjection cases,
            @Qualifier("auditLogMongoAuditStore") MongoAuditStore trail) {
        return new FlowBatch(ingest, cases, trail);
    }

    @Bean
    public AuditLogStartup auditLogStartup(@Qualifier("auditLogMongoAuditStore") MongoAuditStore auditStore,
            @Qualifier("auditLogMongoCaseStore") MongoCaseStore caseStore,
            @Qualifier("auditLogRegistryView") RegistryView registry, @Qualifier("auditLogLaneView") LaneView lanes,
            @Qualifier("auditLogFlowIngest") FlowIngest ingest, @Qualifier("auditLogAuditTrail") AuditTrail trail,
            AlertScanner alerts, KafkaSettings kafka, AuditLogProperties properties,
            @Qualifier("auditLogWebhookLog") WebhookLog webhookLog, CaseIndex caseIndex,
            @Qualifier("auditLogFlowBatch") FlowBatch batch) {
        return new AuditLogStartup(auditStore, caseStore, registry, lanes, ingest, trail, alerts, kafka, properties,
                webhookLog, caseIndex, batch);
    }

    /** Case deadlines on the same refreshable bank holidays as the calculator ({@code rightsflow.holidays.*}). */
    @Bean
    public CaseDeadline auditLogCaseDeadline(
            @Qualifier("auditLogDeadlinesBankHolidays") RefreshableBankHolidays auditLogDeadlinesBankHolidays) {
        return new CaseDeadline(DeadlineEngine.withHolidays(auditLogDeadlinesBankHolidays));
    }
}
