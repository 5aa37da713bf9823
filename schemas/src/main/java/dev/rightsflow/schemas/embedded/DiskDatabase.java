package dev.rightsflow.schemas.embedded;

import java.util.List;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * A database of {@link IndexedDiskBackend}. Its collections ({@link DiskCollection}) and unique
 * indexes ({@link DiskUniqueIndex}) are MVStore maps named {@code data:<db>.<collection>} and
 * {@code index:<db>.<collection>$<index>}, and so are its secondary indexes
 * ({@link DiskSecondaryIndex}: the indexed values and the {@code _id}, filled from the documents once,
 * when first declared on the file). The list of collections and index declarations are mongo-java-server's own
 * system collections, stored like any other.
 */
final class DiskDatabase extends AbstractSynchronizedMongoDatabase<Object> {

    static final String DATA = "data:";
    static final String INDEX = "index:";

    private final IndexedDiskBackend backend;

    DiskDatabase(String databaseName, CursorRegistry cursorRegistry, IndexedDiskBackend backend) {
        super(databaseName, cursorRegistry);
        this.backend = backend;
        initializeNamespacesAndIndexes();
    }

    /** The backend's store now: a scrub replaces it (under the checkpoint lock, so never while a command runs). */
    private MVStore store() {
        return backend.store();
    }

    private MVMap<Object, byte[]> dataMap(String fullName) {
        return store().openMap(DATA + fullName, new MVMap.Builder<Object, byte[]>().keyType(BsonKeyTypes.IdType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
    }

    private String indexMapName(String collectionName, String indexName) {
        return INDEX + getFullCollectionNamespace(collectionName) + "$" + indexName;
    }

    /** A unique or secondary index's map: key values (and, for a secondary index, the {@code _id}) to the {@code _id}. */
    private MVMap<KeyValue, Object> indexMap(String collectionName, String indexName) {
        return store().openMap(indexMapName(collectionName, indexName), new MVMap.Builder<KeyValue, Object>()
                .keyType(BsonKeyTypes.KeyValueType.INSTANCE).valueType(BsonKeyTypes.IdType.INSTANCE));
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        return backend.stored(new DiskCollection(this, collectionName, options, cursorRegistry,
                dataMap(getFullCollectionNamespace(collectionName)), backend));
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return backend.stored(new DiskUniqueIndex(indexMap(collectionName, indexName), indexName, keys, sparse));
    }

    /** In the file, filled once (mongo-java-server would fill an empty index at every open, decoding every document). */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
            boolean sparse) {
        return backend.stored(DiskSecondaryIndex.open(indexMap(collectionName, indexName),
                dataMap(getFullCollectionNamespace(collectionName)), indexName, keys, sparse, backend));
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        String name = indexMapName(collection.getCollectionName(), indexName);
        if (store().hasMap(name)) {
            store().removeMap(name);
        }
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String name = DATA + getFullCollectionNamespace(collectionName);
        if (store().hasMap(name)) {
            store().removeMap(name);
        }
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        for (String name : List.copyOf(store().getMapNames())) {
            if (name.startsWith(DATA + databaseName + ".") || name.startsWith(INDEX + databaseName + ".")) {
                store().removeMap(name);
            }
        }
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String oldFullName = collection.getFullName();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String newFullName = getFullCollectionNamespace(newCollectionName);
        store().renameMap(((DiskCollection) collection).map(), DATA + newFullName);
        for (String name : List.copyOf(store().getMapNames())) {
            if (name.startsWith(INDEX + oldFullName + "$")) {
                store().renameMap(store().openMap(name, new MVMap.Builder<KeyValue, Object>()
                        .keyType(BsonKeyTypes.KeyValueType.INSTANCE).valueType(BsonKeyTypes.IdType.INSTANCE)),
                        INDEX + newFullName + name.substring((INDEX + oldFullName).length()));
            }
        }
    }

    @Override
    protected long getStorageSize() {
        FileStore<?> fileStore = store().getFileStore();
        return fileStore == null ? 0 : fileStore.size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }
}
