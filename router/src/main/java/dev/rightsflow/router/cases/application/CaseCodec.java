package dev.rightsflow.router.cases.application;

import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.requests.model.Request;

/**
 * What the case keeps in the contract's own encoding, read and written through the Kafka adapter
 * ({@code cases.kafka.CaseEventAvro}): the request's event stored beside the case (opaque bytes here, so what intake
 * sent is kept as it was sent), and the staff commands a rebuild found on the commands topic, kept on the case until
 * the reconciliation decides those without an outcome.
 */
public interface CaseCodec {

    /** The request as the router reads it, from the stored event. */
    Request request(byte[] stored);

    /** The stored event with the requester's personal data blanked (after retention). */
    byte[] blanked(byte[] stored);

    /** A command, encoded to be kept on the case. */
    String encode(CaseCommand command);

    /** A command kept by {@link #encode}. */
    CaseCommand command(String encoded);
}
