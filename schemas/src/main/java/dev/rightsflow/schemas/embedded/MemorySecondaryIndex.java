package dev.rightsflow.schemas.embedded;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique (secondary) index for the in-process MongoDB server: a hash index from the indexed
 * values to the positions of the documents holding them, multikey for arrays (each element is a
 * key). mongo-java-server ignores secondary indexes (it only warns that it does), so every query on a
 * declared but non-unique index ({@code requestId} of audit entries, {@code dirty} heads,
 * {@code status} of tasks) walked the whole collection: the quadratic cost issue 9 measured.
 *
 * <p>Answers equality queries on exactly its keys (and, through {@link IndexedMemoryBackend},
 * queries that name its keys among others); ranges, {@code $in}, {@code $ne} and the like fall back
 * to the collection scan, which gives the same answer. The document's {@code _id} maps to its
 * position, so removal and in-place updates find their entries without a scan.
 */
final class MemorySecondaryIndex extends Index<Integer> {

    private final Map<KeyValue, Set<Integer>> positions = new ConcurrentHashMap<>();
    private final Map<Object, Integer> positionById = new ConcurrentHashMap<>();

    MemorySecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    private static Object id(Document document) {
        return new KeyValue(document.get("_id")).normalized();
    }

    private Set<KeyValue> keyValuesOf(Document document) {
        Set<KeyValue> values = new java.util.LinkedHashSet<>();
        for (KeyValue value : getKeyValues(document)) {
            values.add(value.normalized());
        }
        return values;
    }

    @Override
    public Integer getPosition(Document document) {
        return positionById.get(id(document));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Integer> collection) {
        // not unique: nothing can collide
    }

    @Override
    public synchronized void add(Document document, Integer position, MongoCollection<Integer> collection) {
        positionById.put(id(document), position);
        for (KeyValue value : keyValuesOf(document)) {
            positions.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(position);
        }
    }

    @Override
    public synchronized Integer remove(Document document) {
        Integer position = positionById.remove(id(document));
        if (position != null) {
            unlink(document, position);
        }
        return position;
    }

    private void unlink(Document document, Integer position) {
        for (KeyValue value : keyValuesOf(document)) {
            Set<Integer> at = positions.get(value);
            if (at != null) {
                at.remove(position);
                if (at.isEmpty()) {
                    positions.remove(value);
                }
            }
        }
    }

    @Override
    public boolean canHandle(Document query) {
        if (!query.keySet().equals(keySet())) {
            return false;
        }
        for (String key : keys()) {
            Object value = query.get(key);
            // a null query value also matches documents without the field, which this index does not key
            if (value == null || value instanceof Document || value instanceof java.util.Collection || value instanceof java.util.regex.Pattern
                    || de.bwaldvogel.mongo.bson.BsonRegularExpression.isRegularExpression(value)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Iterable<Integer> getPositions(Document query) {
        KeyValue key = new KeyValue(keys().stream().map(query::get).toList()).normalized();
        Set<Integer> at = positions.get(key);
        return at == null ? List.of() : List.copyOf(at);
    }

    @Override
    public long getCount() {
        return positionById.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Integer> collection) {
        // not unique: nothing can collide
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Integer position,
            MongoCollection<Integer> collection) {
        if (nullAwareEqualsKeys(oldDocument, newDocument) && Objects.equals(id(oldDocument), id(newDocument))) {
            return;
        }
        unlink(oldDocument, position);
        positionById.remove(id(oldDocument));
        add(newDocument, position, collection);
    }

    @Override
    public synchronized void drop() {
        positions.clear();
        positionById.clear();
    }

}
