package dev.rightsflow.auditlog.trail.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry of the append-only audit trail: who did what, when, on which system, with what
 * outcome (accountability, UK GDPR Art 5(2)). Entries form one hash chain per request
 * ({@link #chain}): entry {@code n} holds the hash of entry {@code n-1}, so editing or deleting any
 * entry breaks the chain at that point.
 *
 * <p>{@link #payload} is the event's content with the data subject's personal data withheld (see
 * {@code EventPayloads}): the trail proves what happened without becoming a second copy of the
 * person's data that an erasure would have to reach.
 *
 * @param chain          the request id (or {@code registry:<organisationId>}, or {@link AuditChain#ANCHOR_CHAIN})
 * @param sequence       1, 2, 3 ... within the chain, without gaps
 * @param sourceEventId  the event's id; one entry per event, however often it is delivered
 * @param sourceEventType the event's type, e.g. {@code CaseOpened}
 * @param topic          the topic the event came from
 * @param occurredAt     when the event says it happened
 * @param recordedAt     when the audit log appended it
 * @param actorType      CITIZEN, PROCESSOR, STAFF, SYSTEM
 * @param actorId        who (a staff user name, a service name, an organisation id)
 * @param actorOrganisationId the actor's organisation, when known
 * @param payload        the event's fields (personal data withheld), canonical types only
 * @param deadline       the statutory deadline as it stood once the event had taken effect (ISO date,
 *                       {@code clock stopped}, or null before there is a case): "the deadline as it
 *                       stood at that moment" that accountability asks for
 * @param previousHash   hash of the previous entry of the chain, {@link AuditChain#GENESIS} for the first
 * @param hash           SHA-256 (hex) of {@link AuditChain#canonical(AuditEntry)}
 */
public record AuditEntry(String chain, long sequence, String sourceEventId, String sourceEventType, String topic,
        Instant occurredAt, Instant recordedAt, String actorType, String actorId, String actorOrganisationId,
        Map<String, Object> payload, String deadline, String previousHash, String hash) {

    /** The fields covered by the hash, in the shape {@link CanonicalJson} serialises. */
    public Map<String, Object> hashedContent() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("chain", chain);
        content.put("sequence", sequence);
        content.put("sourceEventId", sourceEventId);
        content.put("sourceEventType", sourceEventType);
        content.put("topic", topic);
        content.put("occurredAt", occurredAt == null ? null : occurredAt.toString());
        content.put("recordedAt", recordedAt == null ? null : recordedAt.toString());
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("type", actorType);
        actor.put("id", actorId);
        actor.put("organisationId", actorOrganisationId);
        content.put("actor", actor);
        content.put("payload", payload);
        content.put("deadline", deadline);
        content.put("previousHash", previousHash);
        return content;
    }

    public AuditEntry withHash(String newHash) {
        return new AuditEntry(chain, sequence, sourceEventId, sourceEventType, topic, occurredAt, recordedAt, actorType,
                actorId, actorOrganisationId, payload, deadline, previousHash, newHash);
    }
}
