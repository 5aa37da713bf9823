package dev.rightsflow.schemas.embedded;

import java.util.List;
import java.util.Map.Entry;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * A unique index of {@link IndexedDiskBackend} ({@code _id} and every index declared unique): an
 * MVStore map from the key values ({@link BsonKeyTypes.KeyValueType}, ordered by MongoDB's rules) to
 * the document's {@code _id}, committed with the documents, so it is never rebuilt at start.
 */
final class DiskUniqueIndex extends AbstractUniqueIndex<Object> implements StoredMap {

    /** Replaced only under the checkpoint lock, when a scrub swaps the file ({@link StoredMap}). */
    private volatile MVMap<KeyValue, Object> positions;

    DiskUniqueIndex(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.positions = positions;
    }

    @Override
    public MVMap<KeyValue, Object> map() {
        return positions;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void moveTo(MVMap<Object, Object> reopened) {
        positions = (MVMap) reopened;
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return positions.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return positions.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return positions.get(keyValue);
    }

    @Override
    public long getCount() {
        return positions.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
