package dev.rightsflow.schemas;

import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.avro.CaseClock;

/**
 * The {@code clock} field of the router's case events ({@code CaseOpened}, {@code RequestAccepted},
 * {@code ClockPaused}, {@code DeadlineExtended}, ...) read and written without knowing the event's
 * type: the case's status and deadline as they stand after the event, owned by the router. The
 * router attaches it as it publishes; intake and audit-log read it instead of working the deadline
 * out again. Events written before the field existed decode with {@code clock} null.
 */
public final class CaseClocks {

    /** The field's name in every event that carries the clock. */
    public static final String FIELD = "clock";

    private CaseClocks() {
    }

    /** Whether events of this type carry the case's clock. */
    public static boolean carried(SpecificRecord event) {
        return event.getSchema().getField(FIELD) != null;
    }

    /** The clock the event carries; empty for an event type without one, or one written before it was carried. */
    public static Optional<CaseClock> of(SpecificRecord event) {
        Schema.Field field = event.getSchema().getField(FIELD);
        return field == null ? Optional.empty() : Optional.ofNullable((CaseClock) event.get(field.pos()));
    }

    /**
     * The event with {@code clock} set (the same instance); an event type that does not carry it, or a
     * null clock, leaves the event as it was.
     */
    public static <T extends SpecificRecord> T with(T event, CaseClock clock) {
        Schema.Field field = event.getSchema().getField(FIELD);
        if (field != null && clock != null) {
            event.put(field.pos(), clock);
        }
        return event;
    }
}
