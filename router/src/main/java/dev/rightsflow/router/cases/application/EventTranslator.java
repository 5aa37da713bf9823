package dev.rightsflow.router.cases.application;

import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.router.cases.model.CaseClock;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseEvent;

/**
 * Translates between the event contract and the case model's terms (implemented by the Kafka
 * adapter's {@code CaseEventAvro}): a staff command the model decides, a fact the model decided
 * earlier (read again from the cases topic, e.g. in a rebuild), and the model's facts back into
 * the contract, with their topic, for publishing.
 */
public interface EventTranslator {

    /** The command the case model decides, or empty for any other event. */
    Optional<CaseCommand> command(SpecificRecord event);

    /** The case model's fact this event records, or empty for an event the model does not decide. */
    Optional<CaseEvent> event(SpecificRecord event);

    /** The topic a fact the case model decided is published on. */
    String topic(CaseEvent fact);

    /** A fact the case model decided, as its event in the contract. */
    default SpecificRecord record(CaseEvent fact) {
        return record(fact, null);
    }

    /**
     * A fact the case model decided, as its event in the contract, carrying the case's status and
     * deadline as they stand after it ({@code clock}; null or an event type without one: none).
     */
    SpecificRecord record(CaseEvent fact, CaseClock clock);

    /** An event in the contract's terms with the case's clock set, where its type carries one. */
    SpecificRecord withClock(SpecificRecord event, CaseClock clock);
}
