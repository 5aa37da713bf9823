package dev.rightsflow.auditlog.trail.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.rightsflow.auditlog.AuditLogConfiguration;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;

/**
 * An entry lost with the store after its witness was published is put back from the witness (its
 * order and recording time) and must hash exactly as the original, or verification reports a
 * forgery that never happened. The crash test found exactly that: the live clock had nanoseconds,
 * the witness carries milliseconds, so every entry put back differed from its witness.
 */
class WitnessPrecisionTest {

    private static AuditEntry unchained(Instant recordedAt) {
        return new AuditEntry("r-1", 0, "e-1", "RequestReceived", "rightsflow.requests",
                Instant.parse("2026-12-01T05:47:14.175Z"), recordedAt, "CITIZEN", null, "mes", Map.of("right", "ERASURE"),
                "2027-01-04", null, null);
    }

    @Test
    void anEntryPutBackFromItsWitnessHashesAsTheOriginal() {
        Instant live = Instant.parse("2026-12-01T05:54:22.898123456Z");
        AuditEntry original = AuditChain.next(Optional.empty(), unchained(live));

        AuditEntryAppended witness = AuditEntryAppended.newBuilder()
                .setEventId("w-1").setRequestId(original.chain()).setOccurredAt(original.recordedAt())
                .setActor(Events.service("audit-log")).setSequence(original.sequence())
                .setSourceEventId(original.sourceEventId()).setSourceEventType(original.sourceEventType())
                .setHash(original.hash()).setPreviousHash(original.previousHash()).build();
        AvroSingleObjectSerde serde = new AvroSingleObjectSerde();
        AuditEntryAppended read = (AuditEntryAppended) serde.decode(serde.encode(witness));

        AuditEntry putBack = AuditChain.next(Optional.empty(), unchained(read.getOccurredAt()));
        assertThat(putBack.hash()).isEqualTo(read.getHash());
    }

    @Test
    void theAuditLogClockTicksInMilliseconds() {
        Clock clock = new AuditLogConfiguration().auditLogClock();
        for (int i = 0; i < 50; i++) {
            assertThat(clock.instant().getNano() % 1_000_000).isZero();
        }
    }
}
