package dev.rightsflow.auditlog.trail;

import java.time.Clock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.kafka.KafkaAuditWitness;
import dev.rightsflow.auditlog.trail.model.AnchorSeal;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.schemas.kafka.KafkaSettings;

/**
 * Wires the audit trail: its use case ({@code trail.application.AuditTrail}) on the hash-chained store
 * ({@code trail.mongo.MongoAuditStore}) and the witness of every entry on the AUDIT topic
 * ({@code trail.kafka.KafkaAuditWitness}), sealed with the anchor key of {@link AnchorKeyConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class AuditTrailConfiguration {

    @Bean
    public MongoAuditStore auditLogMongoAuditStore(@Qualifier("auditLogMongoDatabase") MongoDatabase database) {
        return new MongoAuditStore(database);
    }

    @Bean
    public KafkaAuditWitness auditLogKafkaAuditWitness(KafkaSettings settings) {
        return new KafkaAuditWitness(settings);
    }

    @Bean
    public AuditTrail auditLogAuditTrail(@Qualifier("auditLogMongoAuditStore") MongoAuditStore store,
            @Qualifier("auditLogClock") Clock clock, @Qualifier("auditLogAnchorSeal") AnchorSeal seal,
            @Qualifier("auditLogKafkaAuditWitness") KafkaAuditWitness witness) {
        return new AuditTrail(store, clock, seal, witness);
    }
}
