package dev.rightsflow.schemas.embedded;

import java.util.List;
import java.util.Set;

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
 * {@code _id}) is answered through that index ({@link IndexChoice}, shared with {@link IndexedDiskBackend}), and the remaining conditions are checked on the few documents it
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

    /** Each command whole with respect to a checkpoint, a {@code find}'s first batch bounded ({@link WholeCommands}). */
    @Override
    public Document handleCommand(io.netty.channel.Channel channel, String databaseName, String command, Document query) {
        return WholeCommands.apply(command, query, getCursorRegistry(),
                q -> super.handleCommand(channel, databaseName, command, q));
    }

    /** Batches no bigger than MongoDB's ({@link BoundedBatches}). */
    @Override
    protected Document handleGetMore(String databaseName, String command, Document query) {
        return BoundedBatches.getMore(getCursorRegistry(), databaseName, command, query);
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
            return new MemorySecondaryIndex<>(indexName, keys, sparse);
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
            Iterable<Integer> positions = IndexChoice.positions(query, getIndexes());
            if (positions != null) {
                return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
    }
}
