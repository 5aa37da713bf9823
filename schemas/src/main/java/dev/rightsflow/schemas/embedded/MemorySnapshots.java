package dev.rightsflow.schemas.embedded;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import dev.rightsflow.schemas.state.StateLock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Checkpoints of the embedded store: every collection of every database of an
 * {@link IndexedMemoryBackend}, written to one file under the data directory and restored before
 * the services start. Because each service keeps its offsets in its own database
 * ({@code projection_progress}), a checkpoint carries exactly the offsets its projections
 * reflect (it is taken under {@link StateLock#checkpoint()}), and the services resume from
 * there: a restart costs what the state costs, not what the history costs, like Kafka Streams'
 * state-store checkpoints.
 *
 * <p>File: a magic line, then per collection a marker, the database and collection names and
 * its documents in BSON, then an end marker and a CRC-32 of all that came before. It is written
 * to a temporary file, forced to disk and moved into place atomically. A file that is torn,
 * truncated or fails its checksum is not restored (the caller falls back to a full rebuild from
 * the topics). Indexes are not stored: each service declares its indexes at start, which indexes
 * the restored documents.
 */
public final class MemorySnapshots {

    private static final Logger log = LoggerFactory.getLogger(MemorySnapshots.class);
    private static final byte[] MAGIC = "RIGHTSFLOW-STORE-1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int COLLECTION = 1;
    private static final int DOCUMENT = 2;
    private static final int END = 0;

    private MemorySnapshots() {
    }

    /** What a checkpoint held. */
    public record Summary(int collections, long documents, long bytes) {
    }

    /** Writes a consistent checkpoint of {@code backend} to {@code file}. */
    public static Summary write(IndexedMemoryBackend backend, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        int collections = 0;
        long documents = 0;
        CRC32 crc = new CRC32();
        StateLock.checkpoint().lock();
        try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
                CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc);
                DataOutputStream out = new DataOutputStream(checked)) {
            out.write(MAGIC);
            ByteBuf buffer = Unpooled.buffer(1 << 12);
            for (String dbName : new ArrayList<>(backend.databaseNames())) {
                if (dbName.equals("admin") || dbName.equals("local") || dbName.equals("config")) {
                    continue;
                }
                MongoDatabase db = backend.resolveDatabase(dbName);
                for (String name : collectionNames(db)) {
                    MongoCollection<?> collection = db.resolveCollection(name, false);
                    if (collection == null) {
                        continue;
                    }
                    out.writeByte(COLLECTION);
                    out.writeUTF(dbName);
                    out.writeUTF(name);
                    collections++;
                    for (Document d : collection.queryAll()) {
                        buffer.clear();
                        BsonEncoder.encodeDocument(d, buffer);
                        out.writeByte(DOCUMENT);
                        out.writeInt(buffer.readableBytes());
                        buffer.readBytes(out, buffer.readableBytes());
                        documents++;
                    }
                }
            }
            out.writeByte(END);
            out.flush();
            long sum = crc.getValue();
            new DataOutputStream(raw).writeLong(sum);
            raw.flush();
        } finally {
            StateLock.checkpoint().unlock();
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Summary(collections, documents, Files.size(file));
    }

    /**
     * Restores a checkpoint into an empty backend (the memory backend at start, or the disk backend
     * once, when the standalone is switched to it). @return what was restored, or null when there
     * is no checkpoint or it is torn (nothing is restored then)
     */
    public static Summary restore(de.bwaldvogel.mongo.backend.AbstractMongoBackend backend, Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<Pending> read;
        try {
            read = read(file);
        } catch (IOException | RuntimeException e) {
            log.warn("the store checkpoint {} cannot be read ({}); the services rebuild from the topics", file,
                    e.getClass().getSimpleName());
            return null;
        }
        long documents = 0;
        for (Pending p : read) {
            MongoDatabase db = backend.resolveDatabase(p.database());
            MongoCollection<?> collection = db.resolveCollection(p.collection(), false);
            if (collection == null) {
                collection = db.createCollectionOrThrowIfExists(p.collection(), CollectionOptions.withDefaults());
            }
            collection.addDocuments(p.documents().stream());
            documents += p.documents().size();
        }
        try {
            return new Summary(read.size(), documents, Files.size(file));
        } catch (IOException e) {
            return new Summary(read.size(), documents, 0);
        }
    }

    private record Pending(String database, String collection, List<Document> documents) {
    }

    private static List<Pending> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < MAGIC.length + 1 + Long.BYTES) {
            throw new EOFException("too short");
        }
        CRC32 crc = new CRC32();
        List<Pending> result = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                CheckedInputStream checked = new CheckedInputStream(raw, crc);
                DataInputStream in = new DataInputStream(checked)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException("not a store checkpoint");
            }
            Pending current = null;
            while (true) {
                int marker = in.readByte();
                if (marker == END) {
                    break;
                } else if (marker == COLLECTION) {
                    current = new Pending(in.readUTF(), in.readUTF(), new ArrayList<>());
                    result.add(current);
                } else if (marker == DOCUMENT && current != null) {
                    byte[] bson = new byte[in.readInt()];
                    in.readFully(bson);
                    current.documents().add(BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson)));
                } else {
                    throw new IOException("unexpected marker " + marker);
                }
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) {
                throw new IOException("checksum mismatch");
            }
        }
        return result;
    }

    private static List<String> collectionNames(MongoDatabase db) {
        MongoCollection<?> namespaces = db.resolveCollection("system.namespaces", false);
        List<String> names = new ArrayList<>();
        if (namespaces == null) {
            return names;
        }
        String prefix = db.getDatabaseName() + ".";
        for (Document ns : namespaces.queryAll()) {
            Object name = ns.get("name");
            if (name instanceof String s && s.startsWith(prefix)) {
                String collection = s.substring(prefix.length());
                if (!collection.startsWith("system.")) {
                    names.add(collection);
                }
            }
        }
        return names;
    }
}
