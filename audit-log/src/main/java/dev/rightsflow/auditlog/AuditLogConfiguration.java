package dev.rightsflow.auditlog;

import java.time.Clock;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;

/**
 * The whole wiring of audit log: hash-chained audit trail, case and deadline projection, alerts and the compliance dashboard. Used by {@link AuditLogApplication} on its own and imported by the
 * standalone beside the other services, so every bean is named for the module.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafka
@EnableConfigurationProperties({KafkaSettings.class, AuditLogProperties.class})
@ComponentScan(basePackageClasses = AuditLogConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class AuditLogConfiguration {

    /** Kafka group id of this service's listeners. */
    public static final String GROUP = "rightsflow-audit-log";
    public static final String LISTENER_FACTORY = "auditLogListenerContainerFactory";
    public static final String DEAD_LETTER_LISTENER_FACTORY = "auditLogDeadLetterListenerContainerFactory";

    @Bean
    public KafkaTemplate<String, Object> auditLogKafkaTemplate(KafkaSettings kafka) {
        TopicAdmin.ensure(kafka, List.of());
        return Eventing.template(kafka, GROUP);
    }

    @Bean(LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, SpecificRecord> auditLogListenerContainerFactory(
            KafkaSettings kafka, KafkaTemplate<String, Object> auditLogKafkaTemplate) {
        return Eventing.listenerFactory(kafka, GROUP, auditLogKafkaTemplate, Topics.DLT_AUDIT);
    }

    /**
     * Reads the dead-letter topics as raw bytes: only their headers (where and why) are kept, and a
     * dead letter may be undecodable by definition.
     */
    @Bean(DEAD_LETTER_LISTENER_FACTORY)
    public ConcurrentKafkaListenerContainerFactory<String, byte[]> auditLogDeadLetterListenerContainerFactory(
            KafkaSettings kafka) {
        var props = new java.util.HashMap<String, Object>(Eventing.consumerFactory(kafka, GROUP + "-dead-letters")
                .getConfigurationProperties());
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ByteArrayDeserializer()));
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        return factory;
    }

    @Bean
    public MongoDatabase auditLogMongoDatabase(MongoClient mongoClient, AuditLogProperties properties) {
        return mongoClient.getDatabase(properties.database());
    }

    /** The clock of deadlines and alerts; tests replace it to move time. */
    @Bean
    public Clock auditLogClock() {
        return Clock.systemUTC();
    }

    @Bean
    public CaseDeadline auditLogCaseDeadline() {
        return new CaseDeadline(DeadlineEngine.withBundledHolidays());
    }
}
