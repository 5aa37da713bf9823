package dev.rightsflow.schemas.kafka;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Kafka value serializer for events. Raw {@code byte[]} pass through unchanged, so the dead-letter
 * recoverer can republish a record that could not be deserialized exactly as it arrived.
 */
public final class EventSerializer implements Serializer<Object> {

    private final EventSerde serde;

    public EventSerializer() {
        this(new AvroSingleObjectSerde());
    }

    public EventSerializer(EventSerde serde) {
        this.serde = serde;
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
