package dev.rightsflow.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Kafka value serializer for events. Raw {@code byte[]} pass through unchanged, so the dead-letter
 * recoverer can republish a record that could not be deserialized exactly as it arrived. With a
 * {@link PersonalDataCipher}, an event's personal fields are sealed with the request's key: blank in the value,
 * the sealed original in the {@value PersonalDataCipher#HEADER} header.
 */
public final class EventSerializer implements Serializer<Object> {

    private final EventSerde serde;
    private final PersonalDataCipher cipher;

    public EventSerializer() {
        this(new AvroSingleObjectSerde());
    }

    public EventSerializer(EventSerde serde) {
        this(serde, null);
    }

    /** @param cipher seals personal fields; null writes them in clear (tests of the serde alone) */
    public EventSerializer(EventSerde serde, PersonalDataCipher cipher) {
        this.serde = serde;
        this.cipher = cipher;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (cipher != null && headers != null && data instanceof SpecificRecord event
                && PersonalDataCipher.carriesPersonalData(event)) {
            PersonalDataCipher.Sealed sealed = cipher.seal(event);
            headers.remove(PersonalDataCipher.HEADER);
            headers.add(PersonalDataCipher.HEADER, sealed.sealed());
            return serde.encode(sealed.onWire());
        }
        return serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof SpecificRecord event) {
            return serde.encode(event);
        }
        throw new IllegalArgumentException("cannot serialize " + data.getClass().getName() + " as an event");
    }
}
