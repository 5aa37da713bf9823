package dev.rightsflow.schemas.embedded;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * mongo-java-server's memory backend, with one change that matters at volume: a query whose
 * top-level keys (or the keys of the conditions of a top-level {@code $and}, the form the Java
 * driver gives {@code Filters.and}) <em>include</em> all the keys of a unique index (typically
 * {@code _id}) is answered through that index, and the remaining conditions are checked on the few documents it
 * returns. The stock backend uses an index only when the query's keys are <em>exactly</em> the
 * index's keys, so the version-conditioned updates every projection makes
 * ({@code {_id: x, version: v}}) walked the whole collection: measured as 84.5 % of CPU samples of
 * a loaded system, and a restart cost that grew with the square of the history (issue 9).
 *
 * <p>Secondary (non-unique) indexes, which the stock backend ignores, are kept as hash indexes
 * ({@link MemorySecondaryIndex}) and serve equality queries on their keys the same way, and a
 * single-key one also date and number ranges; where several indexes could serve a query, a unique
 * one is taken, else the one that narrows most.
 *
 * <p>{@link #documentsExamined()} counts the documents the queries of this server looked at (every
 * document of the collection for a walk, the index's candidates otherwise): what a MongoDB
 * {@code explain} calls {@code totalDocsExamined}, for tests that a query is index-served.
 *
 * <p>The answer is the same as the stock backend's: the index narrows the candidates, the full
 * query is still matched against each of them, and sorting, skipping and limits are applied as
 * before.
 */
public final class IndexedMemoryBackend extends MemoryBackend {

    private final java.util.concurrent.atomic.LongAdder examined = new java.util.concurrent.atomic.LongAdder();

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName, getCursorRegistry(), this);
    }

    /** How many documents this server's queries (finds, and the filters of updates and deletes) have examined since it started. */
    public long documentsExamined() {
        return examined.sum();
    }

    /** Also the database names, for snapshots. */
    public Set<String> databaseNames() {
        return listDatabaseNames();
    }

    private static final class IndexedDatabase extends MemoryDatabase {

        private final IndexedMemoryBackend backend;

        IndexedDatabase(String databaseName, CursorRegistry cursorRegistry, IndexedMemoryBackend backend) {
            super(databaseName, cursorRegistry);
            this.backend = backend;
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new IndexedCollection(this, collectionName, options, cursorRegistry, backend);
        }

        /** Secondary indexes are kept (the stock backend ignores them): see {@link MemorySecondaryIndex}. */
        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName,
                List<IndexKey> keys, boolean sparse) {
            return new MemorySecondaryIndex(indexName, keys, sparse);
        }
    }

    private static final class IndexedCollection extends MemoryCollection {

        /**
         * The backend, whose counter is read at query time (databases are opened inside its
         * constructor); null for the collections a database opens inside its own constructor, whose
         * queries are not counted.
         */
        private final IndexedMemoryBackend backend;

        IndexedCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                CursorRegistry cursorRegistry, IndexedMemoryBackend backend) {
            super(database, collectionName, options, cursorRegistry);
            this.backend = backend;
        }

        private void examined(long documents) {
            if (backend != null) {
                backend.examined.add(documents);
            }
        }

        @Override
        protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                Document fieldSelector) {
            examined(count());
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult matchDocuments(Document query, Iterable<Integer> positions, Document orderBy, int numberToSkip,
                int limit, int batchSize, Document fieldSelector) {
            Iterable<Integer> counted = () -> java.util.stream.StreamSupport.stream(positions.spliterator(), false)
                    .peek(p -> examined(1)).iterator();
            return super.matchDocuments(query, counted, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                int batchSize, Document fieldSelector) {
            Document conditions = query == null ? null : flattened(query);
            if (conditions != null && !conditions.isEmpty()) {
                // unique indexes first (they narrow to one document); else the secondary index that narrows most
                Iterable<Integer> best = null;
                int bestSize = Integer.MAX_VALUE;
                List<Index<Integer>> indexes = new java.util.ArrayList<>(getIndexes());
                indexes.sort(java.util.Comparator.comparing(i -> !i.isUnique()));
                for (Index<Integer> index : indexes) {
                    List<String> keys = index.getKeys().stream().map(IndexKey::getKey).collect(Collectors.toList());
                    // a unique index answers equality only; a secondary index says itself what it answers (ranges too)
                    if (!conditions.keySet().containsAll(keys) || keys.stream().anyMatch(k -> conditions.get(k) == null
                            || (index.isUnique() && conditions.get(k) instanceof Document))) {
                        continue;
                    }
                    Document narrowed = new Document();
                    keys.forEach(k -> narrowed.put(k, conditions.get(k)));
                    if (!index.canHandle(narrowed)) {
                        continue;
                    }
                    Iterable<Integer> positions = index.getPositions(narrowed);
                    if (index.isUnique()) {
                        best = positions;
                        break;
                    }
                    int size = positions instanceof java.util.Collection<?> c ? c.size() : Integer.MAX_VALUE - 1;
                    if (size < bestSize) {
                        best = positions;
                        bestSize = size;
                    }
                }
                if (best != null) {
                    return matchDocuments(query, best, orderBy, numberToSkip, limit, batchSize, fieldSelector);
                }
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /**
         * The query's conditions by field, with a top-level {@code $and} taken apart: the Java driver
         * sends {@code Filters.and(eq("_id", x), eq("version", v))} as {@code {$and: [{_id: x},
         * {version: v}]}}, whose only key the stock backend cannot match to an index. Used only to
         * choose the index; the whole query is still matched. A field named twice keeps its first
         * condition (the index still only narrows).
         */
        private static Document flattened(Document query) {
            if (!(query.get("$and") instanceof List<?> parts)) {
                return query;
            }
            Document conditions = new Document();
            query.forEach((key, value) -> {
                if (!key.equals("$and")) {
                    conditions.putIfAbsent(key, value);
                }
            });
            for (Object part : parts) {
                if (part instanceof Document condition) {
                    flattened(condition).forEach(conditions::putIfAbsent);
                }
            }
            return conditions;
        }
    }
}
