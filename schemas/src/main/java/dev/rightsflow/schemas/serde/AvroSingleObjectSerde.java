package dev.rightsflow.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (Avro specification, "Single object encoding"): the two marker
 * bytes {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer's schema,
 * then the Avro binary body. The fingerprint tells which record type and which version wrote the
 * bytes; the decoder resolves that writer schema against the current generated class, so a
 * reader built today reads every released version, and (the compatibility test makes sure) an
 * older reader reads today's events.
 *
 * <p>Thread-safe: Avro's encoders and decoders are.
 */
public final class AvroSingleObjectSerde implements EventSerde {

    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;
    private static final int HEADER_LENGTH = 10;

    static {
        trustRightsflowPackages();
    }

    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new HashMap<>();
    private final Map<Long, BinaryMessageDecoder<SpecificRecord>> decodersByFingerprint = new HashMap<>();

    public AvroSingleObjectSerde() {
        SpecificData model = SpecificData.get();
        for (Class<? extends SpecificRecord> type : EventCatalog.TYPES) {
            Schema current = EventCatalog.currentSchema(type);
            encoders.put(type, new BinaryMessageEncoder<>(model, current));
            SchemaStore.Cache store = new SchemaStore.Cache();
            BinaryMessageDecoder<SpecificRecord> decoder = new BinaryMessageDecoder<>(model, current, store);
            decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(current), decoder);
            for (Schema released : EventCatalog.releasedVersions(type)) {
                decoder.addSchema(released);
                decodersByFingerprint.put(SchemaNormalization.parsingFingerprint64(released), decoder);
            }
        }
    }

    /**
     * Avro 1.12 refuses to decode into classes outside {@code org.apache.avro.SERIALIZABLE_PACKAGES}
     * ("Forbidden ... not trusted"), and reads that property once, when its specific reader is first
     * loaded. This adds the project's package to it before any event is decoded, whatever launched
     * the JVM; Surefire and the standalone also set it explicitly.
     */
    public static void trustRightsflowPackages() {
        String key = "org.apache.avro.SERIALIZABLE_PACKAGES";
        String current = System.getProperty(key);
        if (current == null || current.isBlank()) {
            System.setProperty(key, "java.lang,java.math,java.util,org.apache.avro.util,dev.rightsflow");
        } else if (!current.contains("dev.rightsflow")) {
            System.setProperty(key, current + ",dev.rightsflow");
        }
    }

    @Override
    public byte[] encode(SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.get(event.getClass());
        if (encoder == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not in EventCatalog.TYPES");
        }
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + event.getSchema().getFullName(), e);
        }
    }

    @Override
    public SpecificRecord decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new UndecodableEventException("not Avro single-object encoded", null);
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        BinaryMessageDecoder<SpecificRecord> decoder = decodersByFingerprint.get(fingerprint);
        if (decoder == null) {
            throw new UndecodableEventException("unknown schema fingerprint " + Long.toHexString(fingerprint), null);
        }
        try {
            return decoder.decode(bytes);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException e) {
            throw new UndecodableEventException("corrupt event body", e);
        }
    }
}
