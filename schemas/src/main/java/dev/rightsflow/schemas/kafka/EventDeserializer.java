package dev.rightsflow.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Kafka value deserializer for events; always wrapped in spring-kafka's ErrorHandlingDeserializer
 * so that an undecodable record goes to the dead-letter topic instead of stopping the listener. With a
 * {@link PersonalDataCipher}, sealed personal fields are opened with the request's key (blank once it is erased).
 */
public final class EventDeserializer implements Deserializer<SpecificRecord> {

    private final EventSerde serde;
    private final PersonalDataCipher cipher;

    public EventDeserializer() {
        this(new AvroSingleObjectSerde());
    }

    public EventDeserializer(EventSerde serde) {
        this(serde, null);
    }

    /** @param cipher opens sealed personal fields; null leaves them blank */
    public EventDeserializer(EventSerde serde, PersonalDataCipher cipher) {
        this.serde = serde;
        this.cipher = cipher;
    }

    @Override
    public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
        return open(deserialize(topic, data), headers, cipher);
    }

    /** The event with its sealed personal fields opened, when the headers carry them and the key is known. */
    static SpecificRecord open(SpecificRecord event, Headers headers, PersonalDataCipher cipher) {
        if (event == null || cipher == null || headers == null) {
            return event;
        }
        Header sealed = headers.lastHeader(PersonalDataCipher.HEADER);
        return sealed == null ? event : cipher.open(event, sealed.value());
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return data == null ? null : serde.decode(data);
    }
}
