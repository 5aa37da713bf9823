package dev.rightsflow.schemas.embedded;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique (secondary) index for the in-process MongoDB server: a hash index from the indexed
 * values to the positions of the documents holding them, multikey for arrays (each element is a
 * key). mongo-java-server ignores secondary indexes (it only warns that it does), so every query on a
 * declared but non-unique index ({@code requestId} of audit entries, {@code dirty} heads,
 * {@code status} of tasks) walked the whole collection: the quadratic cost issue 9 measured.
 *
 * <p>Answers equality queries on exactly its keys (and, through {@link IndexedMemoryBackend},
 * queries that name its keys among others). A single-key index also keeps its date and number
 * values in order and answers ranges on them ({@code $lt}, {@code $lte}, {@code $gt}, {@code $gte}
 * with a date or number bound), as a MongoDB B-tree index does: only values of the bound's type
 * can match a range (MongoDB's type bracketing), so the ordered view needs no other type. The
 * periodic sweeps of due work ({@code nextAttemptAt <= now}) are such ranges. {@code $in},
 * {@code $ne} and the like fall back to the collection scan, which gives the same answer. The
 * document's {@code _id} maps to its position, so removal and in-place updates find their entries
 * without a scan.
 */
final class MemorySecondaryIndex<P> extends Index<P> implements CountedIndex {

    private final Map<KeyValue, Set<P>> positions = new ConcurrentHashMap<>();
    private final Map<Object, P> positionById = new ConcurrentHashMap<>();
    /** Date and number values of a single-key index, in order, for ranges; null for a compound index. */
    private final NavigableMap<Object, Set<P>> ordered;

    MemorySecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        ordered = keys.size() == 1 ? new ConcurrentSkipListMap<>(ValueComparator.asc()) : null;
    }

    /** The value as the ordered view keys it, or null when it is not a date or a number. */
    private Object orderedKey(KeyValue value) {
        if (ordered == null) {
            return null;
        }
        Object single = value.get(0);
        return single instanceof Instant || single instanceof Number ? single : null;
    }

    private static Object id(Document document) {
        return new KeyValue(document.get("_id")).normalized();
    }

    /** The document's values, but those no query here can ask for (with a null or missing part). */
    private Set<KeyValue> keyValuesOf(Document document) {
        Set<KeyValue> values = new java.util.LinkedHashSet<>();
        for (KeyValue value : getKeyValues(document)) {
            KeyValue normalized = value.normalized();
            if (SecondaryIndexQuery.answerable(normalized)) {
                values.add(normalized);
            }
        }
        return values;
    }

    @Override
    public P getPosition(Document document) {
        return positionById.get(id(document));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: nothing can collide
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        positionById.put(id(document), position);
        for (KeyValue value : keyValuesOf(document)) {
            positions.computeIfAbsent(value, v -> ConcurrentHashMap.newKeySet()).add(position);
            Object key = orderedKey(value);
            if (key != null) {
                ordered.computeIfAbsent(key, v -> ConcurrentHashMap.newKeySet()).add(position);
            }
        }
    }

    @Override
    public synchronized P remove(Document document) {
        P position = positionById.remove(id(document));
        if (position != null) {
            unlink(document, position);
        }
        return position;
    }

    private void unlink(Document document, P position) {
        for (KeyValue value : keyValuesOf(document)) {
            Set<P> at = positions.get(value);
            if (at != null) {
                at.remove(position);
                if (at.isEmpty()) {
                    positions.remove(value);
                }
            }
            Object key = orderedKey(value);
            Set<P> inOrder = key == null ? null : ordered.get(key);
            if (inOrder != null) {
                inOrder.remove(position);
                if (inOrder.isEmpty()) {
                    ordered.remove(key);
                }
            }
        }
    }

    @Override
    public boolean canHandle(Document query) {
        return SecondaryIndexQuery.canHandle(keys(), keySet(), query);
    }

    /** The ordered entries a range query may match, or null when the query is not a range this index answers. */
    private NavigableMap<Object, Set<P>> range(Document query) {
        SecondaryIndexQuery.Range range = ordered == null ? null : SecondaryIndexQuery.range(keys(), query);
        if (range == null) {
            return null;
        }
        if (range.empty()) {
            return java.util.Collections.emptyNavigableMap();
        }
        return ordered.subMap(range.low(), range.lowInclusive(), range.high(), range.highInclusive());
    }

    /** The size of the value's set, or the sizes of the range's sets added up until they reach {@code atMost}. */
    @Override
    public long countEntries(Document query, long atMost) {
        NavigableMap<Object, Set<P>> range = range(query);
        if (range == null) {
            Set<P> at = positions.get(new KeyValue(keys().stream().map(query::get).toList()).normalized());
            return at == null ? 0 : at.size();
        }
        long count = 0;
        for (Set<P> at : range.values()) {
            count += at.size();
            if (count >= atMost) {
                break;
            }
        }
        return count;
    }

    /**
     * Read as asked for (as {@link DiskSecondaryIndex#getPositions}): a limited query without a sort stops after its
     * batch instead of copying every position in range first. The caller iterates under the collection's lock.
     */
    @Override
    public Iterable<P> getPositions(Document query) {
        NavigableMap<Object, Set<P>> range = range(query);
        if (range != null) {
            return () -> range.values().stream().flatMap(Set::stream).distinct().iterator();
        }
        KeyValue key = new KeyValue(keys().stream().map(query::get).toList()).normalized();
        Set<P> at = positions.get(key);
        return at == null ? List.of() : at;
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
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: nothing can collide
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
            MongoCollection<P> collection) {
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
        if (ordered != null) {
            ordered.clear();
        }
        positionById.clear();
    }

}
