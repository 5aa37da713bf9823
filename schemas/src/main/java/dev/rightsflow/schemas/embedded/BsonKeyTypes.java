package dev.rightsflow.schemas.embedded;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * How {@link IndexedDiskBackend} writes the keys of its MVStore maps: a document's {@code _id} (the
 * key of a collection's map, and the value of a unique index's map) and a unique index's key values.
 * Written as BSON (mongo-java-server's own encoder; a string, the usual {@code _id}, in a shorter
 * form of its own) and ordered with mongo-java-server's {@link ValueComparator}, so equal values by
 * MongoDB's rules ({@code 1} and {@code 1.0}) are one key. MVStore's default type would write them
 * with Java serialization, the cost that made the stock H2 backend slow (README, "Why the H2 backend
 * is slow").
 */
final class BsonKeyTypes {

    private static final byte STRING = 1;
    private static final byte MISSING = 2;
    private static final byte BSON = 3;

    private BsonKeyTypes() {
    }

    static void writeValue(WriteBuffer buff, Object value) {
        if (value instanceof String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            buff.put(STRING).putVarInt(bytes.length).put(bytes);
        } else if (value instanceof Missing) {
            // a document without _id is stored under Missing (as mongo-java-server's own backends do)
            buff.put(MISSING);
        } else {
            buff.put(BSON);
            Document holder = new Document();
            holder.put("v", value);
            writeBson(buff, holder);
        }
    }

    private static void writeBson(WriteBuffer buff, Document document) {
        ByteBuf encoded = Unpooled.buffer(64);
        BsonEncoder.encodeDocument(document, encoded);
        buff.putVarInt(encoded.readableBytes()).put(encoded.array(), encoded.arrayOffset() + encoded.readerIndex(),
                encoded.readableBytes());
    }

    static Object readValue(ByteBuffer buff) {
        byte kind = buff.get();
        if (kind == MISSING) {
            return Missing.getInstance();
        }
        byte[] bytes = new byte[DataUtils.readVarInt(buff)];
        buff.get(bytes);
        if (kind == STRING) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bytes)).get("v");
    }

    /** A document's {@code _id}: the key of a collection's map, the value of a unique index's map. */
    static final class IdType extends BasicDataType<Object> {

        static final IdType INSTANCE = new IdType();

        @Override
        public int getMemory(Object value) {
            return value instanceof String s ? 24 + 2 * s.length() : 64;
        }

        @Override
        public void write(WriteBuffer buff, Object value) {
            writeValue(buff, value);
        }

        @Override
        public Object read(ByteBuffer buff) {
            return readValue(buff);
        }

        @Override
        public int compare(Object a, Object b) {
            return ValueComparator.asc().compare(a, b);
        }

        @Override
        public Object[] createStorage(int size) {
            return new Object[size];
        }
    }

    /** The key values of a unique index, compared element by element. */
    static final class KeyValueType extends BasicDataType<KeyValue> {

        static final KeyValueType INSTANCE = new KeyValueType();

        @Override
        public int getMemory(KeyValue key) {
            int memory = 32;
            for (Object value : key) {
                memory += IdType.INSTANCE.getMemory(value);
            }
            return memory;
        }

        @Override
        public void write(WriteBuffer buff, KeyValue key) {
            buff.putVarInt(key.size());
            for (Object value : key) {
                writeValue(buff, value);
            }
        }

        @Override
        public KeyValue read(ByteBuffer buff) {
            int size = DataUtils.readVarInt(buff);
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                values.add(readValue(buff));
            }
            return new KeyValue(values);
        }

        @Override
        public int compare(KeyValue a, KeyValue b) {
            int shared = Math.min(a.size(), b.size());
            for (int i = 0; i < shared; i++) {
                int c = ValueComparator.asc().compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
