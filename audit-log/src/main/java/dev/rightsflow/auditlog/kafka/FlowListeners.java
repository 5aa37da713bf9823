package dev.rightsflow.auditlog.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

import dev.rightsflow.auditlog.AuditLogConfiguration;
import dev.rightsflow.auditlog.deadletters.DeadLetter;
import dev.rightsflow.auditlog.deadletters.DeadLetterStore;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.auditlog.AuditLogStartup;
import dev.rightsflow.schemas.state.ProjectionState;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * audit-log's listeners: the one way its projections and trail are built, for history and live
 * events alike ({@link ProjectionState}). While audit-log catches up they fold only; live, the
 * entry is also witnessed on AUDIT and open dashboards and alert recipients are told. The flow
 * listener takes a poll's records at a time and writes them in bulk ({@link FlowBatch}); the witness
 * and dead-letter listeners take one record at a time.
 */
@Component("auditLogFlowListeners")
public class FlowListeners {

    public static final String FLOW_LISTENER = "audit-log-flow";
    public static final String DEAD_LETTER_LISTENER = "audit-log-dead-letters";
    public static final String WITNESS_LISTENER = "audit-log-witness";
    private static final Logger log = LoggerFactory.getLogger(FlowListeners.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final FlowBatch batch;
    private final DeadLetterStore deadLetters;
    private final ProjectionState state;
    private final AuditLogStartup startup;

    public FlowListeners(FlowBatch batch, DeadLetterStore deadLetters,
            @Qualifier("auditLogProjectionState") ProjectionState state,
            @Qualifier("auditLogStartup") AuditLogStartup startup) {
        this.batch = batch;
        this.deadLetters = deadLetters;
        this.state = state;
        this.startup = startup;
    }

    /** audit-log's own witnesses: read while catching up, so what it records again matches them. */
    @KafkaListener(id = WITNESS_LISTENER, containerFactory = AuditLogConfiguration.LISTENER_FACTORY,
            groupId = AuditLogConfiguration.GROUP + "-witness", topics = Topics.AUDIT)
    public void onWitness(ConsumerRecord<String, SpecificRecord> record) {
        if (state.catchingUp() && record.value() instanceof AuditEntryAppended witness) {
            startup.witnessed(witness);
        }
    }

    /**
     * The flow, a poll's records at a time ({@link FlowBatch}; a batch listener of the shared start-up,
     * {@code ProjectionState#configureBatch}). An event that cannot be ingested stops the batch there: those
     * before it are written and count as handled, it is retried and dead-lettered as a record listener's would be.
     */
    @KafkaListener(id = FLOW_LISTENER, containerFactory = AuditLogConfiguration.FLOW_LISTENER_FACTORY,
            groupId = AuditLogConfiguration.GROUP, topics = {Topics.REQUESTS, Topics.CASES, Topics.TASKS,
                    Topics.TASK_RESULTS, Topics.CASE_COMMANDS, Topics.ALERTS, Topics.REGISTRY, Topics.LANES})
    public void on(List<ConsumerRecord<String, SpecificRecord>> records) {
        int undecodable = 0;
        while (undecodable < records.size() && records.get(undecodable).value() != null) {
            undecodable++;
        }
        List<ConsumerRecord<String, SpecificRecord>> readable = records.subList(0, undecodable);
        try {
            if (state.catchingUp()) {
                startup.foldOrHold(readable);
            } else {
                // the witness sends are awaited with the rest of the poll's, before the offsets are stored
                batch.ingest(readable.stream().map(r -> new FlowBatch.Item(r.topic(), r.value(), null)).toList(), true,
                        state.sendsOfThisPoll());
            }
        } catch (FlowBatch.FailedAt failed) {
            throw ProjectionState.failedAt(readable.get(failed.index()), failed.getCause());
        }
        if (undecodable < records.size()) {
            ConsumerRecord<String, SpecificRecord> record = records.get(undecodable);
            throw ProjectionState.failedAt(record, ProjectionState.undecodable(record));
        }
    }

    @KafkaListener(id = DEAD_LETTER_LISTENER,
            containerFactory = AuditLogConfiguration.DEAD_LETTER_LISTENER_FACTORY,
            groupId = AuditLogConfiguration.GROUP + "-dead-letters", topics = {Topics.DLT_INTAKE, Topics.DLT_ROUTER,
                    Topics.DLT_CONNECTORS, Topics.DLT_AUDIT})
    public void onDeadLetter(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        DeadLetter letter = new DeadLetter(record.topic() + "-" + record.partition() + "-" + record.offset(),
                record.topic(), record.partition(), record.offset(), text(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                number(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET),
                text(headers, KafkaHeaders.DLT_EXCEPTION_FQCN), record.key(), Instant.ofEpochMilli(record.timestamp()));
        log.warn("dead letter on {} at offset {} ({})", record.topic(), record.offset(), letter.exceptionClass());
        deadLetters.save(letter).block(WRITE_TIMEOUT);
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Long number(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null) {
            return null;
        }
        byte[] v = h.value();
        if (v.length == Long.BYTES) {
            return java.nio.ByteBuffer.wrap(v).getLong();
        }
        try {
            return Long.parseLong(new String(v, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
