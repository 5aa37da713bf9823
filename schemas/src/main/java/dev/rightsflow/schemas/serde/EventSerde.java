package dev.rightsflow.schemas.serde;

import org.apache.avro.specific.SpecificRecord;

/**
 * Turns events into bytes and back. The one seam between services and the wire format: today
 * Avro single-object encoding ({@link AvroSingleObjectSerde}); a Confluent-compatible registry
 * serde would implement the same interface without touching any service.
 */
public interface EventSerde {

    byte[] encode(SpecificRecord event);

    /**
     * Decodes bytes written with any released version of any known schema into the current
     * generated class of that record.
     *
     * @throws UndecodableEventException when the bytes are not an event this build can read
     */
    SpecificRecord decode(byte[] bytes);

    /** The bytes are not a known event: wrong header, unknown fingerprint, or corrupt body. */
    final class UndecodableEventException extends RuntimeException {
        public UndecodableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
