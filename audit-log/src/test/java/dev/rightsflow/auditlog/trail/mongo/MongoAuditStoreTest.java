package dev.rightsflow.auditlog.trail.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bson.BsonBinaryReader;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;

/** How an audit entry is stored: compact, and read back to exactly what its hash covers. */
class MongoAuditStoreTest {

    private static final DocumentCodec CODEC = new DocumentCodec();

    @Test
    void anEntryStoredWithHashBytesAndDatesReadsBackToTheSameHashedContentAndIsSmaller() {
        AuditEntry first = AuditChain.next(Optional.empty(), unchained("e-1", Instant.parse("2026-11-02T09:00:00.123456Z")));
        AuditEntry second = AuditChain.next(Optional.of(first), unchained("e-2", Instant.parse("2026-11-02T09:00:01Z")));

        RawBsonDocument stored = bson(MongoAuditStore.document(second));
        AuditEntry read = MongoAuditStore.entry(decode(stored));

        assertThat(read).isEqualTo(second);
        assertThat(AuditChain.hash(read)).isEqualTo(second.hash());
        assertThat(AuditChain.verify(second.chain(), List.of(first, read), List.of()).intact()).isTrue();
        // the same entry as an earlier version stored it: hashes as hex text, times as ISO-8601 text
        RawBsonDocument asText = bson(MongoAuditStore.document(second).append("occurredAt", second.occurredAt().toString())
                .append("recordedAt", second.recordedAt().toString()).append("previousHash", second.previousHash())
                .append("hash", second.hash()));
        assertThat(MongoAuditStore.entry(decode(asText))).isEqualTo(second);
        assertThat(size(asText) - size(stored)).isGreaterThanOrEqualTo(100);
    }

    @Test
    void aTimeFinerThanAMillisecondOrAValueThatIsNoHashIsKeptAsText() {
        assertThat(MongoAuditStore.stored(Instant.parse("2026-11-02T09:00:00.123456Z"))).isEqualTo("2026-11-02T09:00:00.123456Z");
        assertThat(MongoAuditStore.stored("not-a-hash")).isEqualTo("not-a-hash");
        assertThat(MongoAuditStore.hashText(MongoAuditStore.stored(AuditChain.GENESIS))).isEqualTo(AuditChain.GENESIS);
    }

    private static AuditEntry unchained(String eventId, Instant occurredAt) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("controllerId", "northshire-nhs-ft");
        payload.put("statutoryDeadline", "2026-12-02");
        payload.put("reason", null);
        return new AuditEntry("request-1", 0, eventId, "CaseOpened", "rightsflow.cases", occurredAt,
                Instant.parse("2026-11-02T09:00:02.5Z"), "SERVICE", "router", null, payload, "2026-12-02", null, null);
    }

    private static RawBsonDocument bson(Document document) {
        return new RawBsonDocument(document, CODEC);
    }

    private static Document decode(RawBsonDocument raw) {
        return CODEC.decode(new BsonBinaryReader(raw.getByteBuffer().asNIO()), DecoderContext.builder().build());
    }

    private static int size(RawBsonDocument raw) {
        return raw.getByteBuffer().remaining();
    }
}
