package dev.rightsflow.schemas.embedded;

import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * A collection of {@link IndexedDiskBackend}: one MVStore map from each document's {@code _id} to
 * the document in BSON. The page cache and the pages not yet committed hold the BSON bytes, not
 * decoded documents (which cost about five times their BSON on the heap); a document is decoded
 * each time a query reads it. Queries choose their index as the memory backend's do
 * ({@link IndexChoice}) and count the documents they examine.
 */
final class DiskCollection extends AbstractSynchronizedMongoCollection<Object> implements StoredMap {

    /** Replaced only under the checkpoint lock, when a scrub swaps the file ({@link StoredMap}). */
    private volatile MVMap<Object, byte[]> documents;
    private final IndexedDiskBackend backend;

    DiskCollection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry,
            MVMap<Object, byte[]> documents, IndexedDiskBackend backend) {
        super(database, collectionName, options, cursorRegistry);
        this.documents = documents;
        this.backend = backend;
    }

    @Override
    public MVMap<Object, byte[]> map() {
        return documents;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void moveTo(MVMap<Object, Object> reopened) {
        documents = (MVMap) reopened;
    }

    static byte[] encode(Document document) {
        ByteBuf buffer = Unpooled.buffer(512);
        BsonEncoder.encodeDocument(document, buffer);
        return ByteBufUtil.getBytes(buffer);
    }

    static Document decode(byte[] bson) {
        return bson == null ? null : BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
        key = Missing.ofNullable(key);
        byte[] previous = documents.putIfAbsent(key, encode(document));
        if (previous != null) {
            throw new IllegalStateException("a document with this _id is already in " + getFullName());
        }
        return key;
    }

    @Override
    public int count() {
        return documents.size();
    }

    @Override
    public boolean isEmpty() {
        return documents.isEmpty();
    }

    @Override
    protected Document getDocument(Object position) {
        return decode(documents.get(position));
    }

    @Override
    protected void removeDocument(Object position) {
        if (documents.remove(position) == null) {
            throw new NoSuchElementException("no document at this position in " + getFullName());
        }
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        documents.put(position, encode(newDocument));
    }

    /** The data size is not tracked: it would cost a write of a second map per write. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
    }

    @Override
    protected int getDataSize() {
        return 0;
    }

    @Override
    protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
        return documents.entrySet().stream().map(e -> new DocumentWithPosition<>(decode(e.getValue()), e.getKey()));
    }

    /**
     * A secondary index kept on the heap is filled in one pass over the documents (the stock code
     * decodes every document twice per index, once to check and once to add, which a non-unique
     * index does not need): this is most of what opening a store costs.
     */
    @Override
    public synchronized void addIndex(Index<Object> index) {
        boolean declared = getIndexes().stream().anyMatch(i -> i.getName().equals(index.getName()));
        if (!declared && !index.isUnique() && index.isEmpty()) {
            documents.entrySet().forEach(e -> index.add(decode(e.getValue()), e.getKey(), this));
        }
        super.addIndex(index);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        Iterable<Object> positions = IndexChoice.positions(query, getIndexes());
        if (positions != null) {
            return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        backend.examined(count());
        Stream<Document> all;
        if (isNaturalDescending(orderBy)) {
            all = streamAllDocumentsWithPosition()
                    .sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
                    .map(DocumentWithPosition::getDocument);
        } else {
            all = documents.values().stream().map(DiskCollection::decode);
        }
        return matchDocumentsFromStream(all, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy, int numberToSkip,
            int limit, int batchSize, Document fieldSelector) {
        Stream<Document> candidates = StreamSupport.stream(positions.spliterator(), false)
                .peek(p -> backend.examined(1))
                .map(this::getDocument)
                .filter(java.util.Objects::nonNull);
        return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
}
