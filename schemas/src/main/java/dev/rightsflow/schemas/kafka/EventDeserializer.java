package dev.rightsflow.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Kafka value deserializer for events; always wrapped in spring-kafka's ErrorHandlingDeserializer
 * so that an undecodable record goes to the dead-letter topic instead of stopping the listener.
 */
public final class EventDeserializer implements Deserializer<SpecificRecord> {

    private final EventSerde serde;

    public EventDeserializer() {
        this(new AvroSingleObjectSerde());
    }

    public EventDeserializer(EventSerde serde) {
        this.serde = serde;
    }

    @Override
    public SpecificRecord deserialize(String topic, byte[] data) {
        return data == null ? null : serde.decode(data);
    }
}
