package dev.rightsflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.testing.SampleEvents;

class AvroSingleObjectSerdeTest {

    private final EventSerde serde = new AvroSingleObjectSerde();

    @Test
    void eventSurvivesTheRoundTripWithItsType() {
        RequestReceived event = SampleEvents.requestReceived("r-1", Right.ERASURE, "mes", "mes-membership-site");

        byte[] bytes = serde.encode(event);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(serde.decode(bytes)).isEqualTo(event);
    }

    @Test
    void bytesWithoutTheSingleObjectHeaderAreRejected() {
        assertThatThrownBy(() -> serde.decode("{\"right\":\"ERASURE\"}".getBytes()))
                .isInstanceOf(EventSerde.UndecodableEventException.class)
                .hasMessageContaining("not Avro single-object encoded");
    }

    @Test
    void aWriterSchemaThatWasNeverReleasedIsRejected() throws Exception {
        Schema unreleased = SchemaBuilder.record("RequestReceived").namespace("dev.rightsflow.schemas.avro")
                .fields().requiredString("requestId").endRecord();
        GenericRecord record = new GenericData.Record(unreleased);
        record.put("requestId", "r-2");
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unreleased).encode(record);

        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        assertThatThrownBy(() -> serde.decode(bytes))
                .isInstanceOf(EventSerde.UndecodableEventException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void aTruncatedBodyIsRejected() {
        byte[] bytes = serde.encode(SampleEvents.requestReceived("r-3", Right.ACCESS, "ecs", null));
        byte[] truncated = java.util.Arrays.copyOf(bytes, 14);

        assertThatThrownBy(() -> serde.decode(truncated)).isInstanceOf(EventSerde.UndecodableEventException.class);
    }
}
