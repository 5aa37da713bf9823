package dev.rightsflow.router.application;

import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.router.model.CaseCommand;
import dev.rightsflow.router.model.CaseEvent;

/**
 * Reads the event contract into the case model's terms (implemented by the Kafka adapter's
 * {@code CaseEventAvro}, which also maps the model's facts back): a staff command the model
 * decides, and a fact the model decided earlier (read again from the cases topic, e.g. in a
 * rebuild).
 */
public interface EventTranslator {

    /** The command the case model decides, or empty for any other event. */
    Optional<CaseCommand> command(SpecificRecord event);

    /** The case model's fact this event records, or empty for an event the model does not decide. */
    Optional<CaseEvent> event(SpecificRecord event);
}
