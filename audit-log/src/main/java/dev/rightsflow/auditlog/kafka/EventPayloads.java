package dev.rightsflow.auditlog.kafka;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.Actor;

/**
 * Turns an event into an unchained audit entry. The payload keeps every field of the event in
 * canonical types (strings, longs, booleans, lists, maps; dates and instants as ISO-8601 strings),
 * except fields that hold the data subject's personal data or secrets, which are replaced by
 * {@value #WITHHELD}: the subject (name, email, phone, address, identifiers), the free text of the
 * request ({@code details}), what staff attached to a manual task ({@code findings}), connector configuration (credentials), the registry's source document
 * and alert contacts. The trail thus proves what was done without becoming another copy of the
 * person's data (data minimisation, Art 5(1)(c); storage limitation, Art 5(1)(e)).
 */
public final class EventPayloads {

    public static final String WITHHELD = "[withheld]";
    static final Set<String> PERSONAL_OR_SECRET = Set.of("subject", "details", "findings", "connectorConfig", "document",
            "alertEmail", "alertWebhook");
    /** metadata held in the entry's own fields */
    private static final Set<String> METADATA = Set.of("eventId", "requestId", "occurredAt", "actor");

    private EventPayloads() {
    }

    public static AuditEntry unchained(String chain, String topic, SpecificRecord event, Instant recordedAt,
            String deadline) {
        Actor actor = Events.actor(event);
        return new AuditEntry(chain, 0, Events.eventId(event), Events.type(event), topic, Events.occurredAt(event),
                recordedAt, actor == null ? null : actor.getType().name(), actor == null ? null : actor.getId(),
                actor == null ? null : actor.getOrganisationId(), payload(event), deadline, null, null);
    }

    public static Map<String, Object> payload(IndexedRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            if (METADATA.contains(field.name())) {
                continue;
            }
            Object value = record.get(field.pos());
            out.put(field.name(), PERSONAL_OR_SECRET.contains(field.name()) && value != null ? WITHHELD : plain(value));
        }
        return out;
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof CharSequence || value instanceof Instant || value instanceof LocalDate
                || value instanceof GenericEnumSymbol<?> || value instanceof Enum<?>) {
            return value.toString();
        }
        if (value instanceof IndexedRecord r) {
            return payload(r);
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(plain(v)));
            return out;
        }
        if (value instanceof ByteBuffer) {
            return WITHHELD;
        }
        return value.toString();
    }
}
