package dev.rightsflow.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;

/**
 * Reads the metadata every event and command carries (eventId, requestId, occurredAt, actor)
 * without knowing its type, and makes ids.
 */
public final class Events {

    private Events() {
    }

    public static String eventId(SpecificRecord event) {
        return (String) field(event, "eventId");
    }

    public static String requestId(SpecificRecord event) {
        return (String) field(event, "requestId");
    }

    public static Instant occurredAt(SpecificRecord event) {
        return (Instant) field(event, "occurredAt");
    }

    public static Actor actor(SpecificRecord event) {
        return (Actor) field(event, "actor");
    }

    /** The simple type name, e.g. {@code RequestReceived}. */
    public static String type(SpecificRecord event) {
        return event.getSchema().getName();
    }

    public static Actor service(String serviceName) {
        return new Actor(ActorType.SYSTEM, serviceName, null);
    }

    public static Actor staff(String userName, String organisationId) {
        return new Actor(ActorType.STAFF, userName, organisationId);
    }

    public static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /**
     * An id derived from its parts (name-based UUID), so that the same step always gets the same
     * id: re-planning or redelivery then finds the step already done instead of doubling it.
     */
    public static String derivedId(String... parts) {
        return UUID.nameUUIDFromBytes(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Object field(SpecificRecord event, String name) {
        var field = event.getSchema().getField(name);
        if (field == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " has no field " + name);
        }
        return event.get(field.pos());
    }
}
