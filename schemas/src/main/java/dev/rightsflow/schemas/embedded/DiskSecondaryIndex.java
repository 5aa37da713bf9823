package dev.rightsflow.schemas.embedded;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;

/**
 * A non-unique (secondary) index of {@link IndexedDiskBackend}, in the store's file beside the
 * documents: an MVStore map whose keys are the indexed values followed by the document's {@code _id}
 * (one entry per value of a multikey index), ordered by MongoDB's rules ({@link BsonKeyTypes}), so an
 * equality query reads the entries that start with its values and a range on a single-key index
 * reads the entries between its bounds. Answers the queries {@link SecondaryIndexQuery} says.
 *
 * <p>It was a hash index on the heap ({@link MemorySecondaryIndex}, which the memory backend keeps),
 * filled at every open by decoding every document of the collection twice: with 10,000 requests in
 * the history that was 776,000 entries and about 190 MB of live heap, growing with the history, and
 * a share of every restart's CPU. Here it is committed with the documents (one MVStore commit is
 * atomic), so a restart opens it as it is.
 *
 * <p>Filled once, when it is first declared on a file that does not have it (a new index, or a file
 * written before indexes were kept on disk), from the collection's documents; a marker entry written
 * after the last document says the fill is complete. A fill that a crash cut short may have been
 * committed in part (a checkpoint can commit while it runs) but never with its marker, so the next
 * open clears it and fills again.
 */
final class DiskSecondaryIndex extends Index<Object> implements CountedIndex, StoredMap {

    /** Written after the last entry of the fill; a key of one value never equals an entry (values and an {@code _id}). */
    private static final KeyValue FILLED = new KeyValue("rightsflow:filled");

    /** Replaced only under the checkpoint lock, when a scrub swaps the file ({@link StoredMap}). */
    private volatile MVMap<KeyValue, Object> entries;
    private final IndexedDiskBackend backend;

    private DiskSecondaryIndex(MVMap<KeyValue, Object> entries, String name, List<IndexKey> keys, boolean sparse,
            IndexedDiskBackend backend) {
        super(name, keys, sparse);
        this.entries = entries;
        this.backend = backend;
    }

    /**
     * The index over {@code entries}, filled from {@code documents} unless the map already holds a complete fill.
     *
     * @return the index and how many documents were read to fill it (0 when it was complete)
     */
    static DiskSecondaryIndex open(MVMap<KeyValue, Object> entries, MVMap<Object, byte[]> documents, String name,
            List<IndexKey> keys, boolean sparse, IndexedDiskBackend backend) {
        DiskSecondaryIndex index = new DiskSecondaryIndex(entries, name, keys, sparse, backend);
        if (!entries.containsKey(FILLED)) {
            entries.clear();
            long read = 0;
            for (var document : documents.entrySet()) {
                index.add(DiskCollection.decode(document.getValue()), document.getKey(), null);
                read++;
            }
            entries.put(FILLED, Missing.getInstance());
            backend.indexed(read);
        }
        return index;
    }

    @Override
    public MVMap<KeyValue, Object> map() {
        return entries;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void moveTo(MVMap<Object, Object> reopened) {
        entries = (MVMap) reopened;
    }

    private static Object id(Document document) {
        return Missing.ofNullable(document.get("_id"));
    }

    /** The document's entries: one per value, none for a value no query here can ask for (a null or missing one). */
    private Set<KeyValue> entriesOf(Document document, Object position) {
        Set<KeyValue> keys = new LinkedHashSet<>();
        for (KeyValue value : getKeyValues(document)) {
            KeyValue normalized = value.normalized();
            if (!SecondaryIndexQuery.answerable(normalized)) {
                continue;
            }
            List<Object> key = new ArrayList<>(value.size() + 1);
            normalized.forEach(key::add);
            key.add(position);
            keys.add(new KeyValue(key));
        }
        return keys;
    }

    /** The position stored with the document's first entry (as the collection gave it at add), or null. */
    @Override
    public Object getPosition(Document document) {
        for (KeyValue key : entriesOf(document, id(document))) {
            return entries.get(key);
        }
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing can collide
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        for (KeyValue key : entriesOf(document, position)) {
            entries.put(key, position);
        }
    }

    @Override
    public Object remove(Document document) {
        Object id = id(document);
        Set<KeyValue> keys = entriesOf(document, id);
        boolean removed = false;
        for (KeyValue key : keys) {
            removed |= entries.remove(key) != null;
        }
        // a document with no entry here (only null or missing values) is removed all the same
        return removed || keys.isEmpty() ? id : null;
    }

    @Override
    public boolean canHandle(Document query) {
        return SecondaryIndexQuery.canHandle(keys(), keySet(), query);
    }

    /** The first key a range query may match: its low bound, before or after every entry of that value. */
    private static KeyValue from(SecondaryIndexQuery.Range range) {
        return new KeyValue(range.low(), range.lowInclusive() ? MinKey.getInstance() : MaxKey.getInstance());
    }

    /** A key after every entry a range query may match: its high bound, after or before every entry of that value. */
    private static KeyValue to(SecondaryIndexQuery.Range range) {
        return new KeyValue(range.high(), range.highInclusive() ? MaxKey.getInstance() : MinKey.getInstance());
    }

    /** The equality query's values, normalized as the entries start with them. */
    private KeyValue wanted(Document query) {
        List<Object> values = new ArrayList<>();
        keys().forEach(k -> values.add(query.get(k)));
        return new KeyValue(values).normalized();
    }

    /** {@code values} followed by {@code last}. */
    private static KeyValue prefixed(KeyValue values, Object last) {
        List<Object> key = new ArrayList<>(values.size() + 1);
        values.forEach(key::add);
        key.add(last);
        return new KeyValue(key);
    }

    /**
     * The entries between the query's first and last possible keys, from the B-tree's page counts ({@code getKeyIndex}
     * walks one path from the root, adding up the counts of the pages left of it): no entry is read, whatever their
     * number. Exact, so {@code atMost} is not needed.
     */
    @Override
    public long countEntries(Document query, long atMost) {
        SecondaryIndexQuery.Range range = SecondaryIndexQuery.range(keys(), query);
        if (range != null) {
            return range.empty() ? 0 : Math.max(0, before(to(range)) - before(from(range)));
        }
        KeyValue wanted = wanted(query);
        return before(prefixed(wanted, MaxKey.getInstance())) - before(prefixed(wanted, MinKey.getInstance()));
    }

    /** How many entries sort before {@code key} (which no entry equals: it ends in a MinKey or a MaxKey). */
    private long before(KeyValue key) {
        long index = entries.getKeyIndex(key);
        return index < 0 ? -index - 1 : index;
    }

    /**
     * The positions the query's entries point to, read from the index as they are asked for: a query with a limit and
     * no sort (a sweep's batch of the earliest due, a page) reads its batch of entries and stops. (They were all read
     * into a list first: under a backlog of 600,000 due tasks every sweep for 200 of them walked all 600,000 entries,
     * with the collection locked.) The caller iterates under the collection's lock, so the index does not change
     * meanwhile; each iteration opens its own cursor. A range over a multikey index yields each document once.
     */
    @Override
    public Iterable<Object> getPositions(Document query) {
        SecondaryIndexQuery.Range range = SecondaryIndexQuery.range(keys(), query);
        if (range != null) {
            if (range.empty()) {
                return List.of();
            }
            KeyValue from = from(range);
            return () -> new EntryWalk(entries.cursor(from)) {
                private final Set<Object> yielded = new java.util.HashSet<>();

                @Override
                Step step(KeyValue key, Object position) {
                    if (key.size() != 2) {
                        return Step.SKIP;
                    }
                    int toHigh = ValueComparator.asc().compare(key.get(0), range.high());
                    if (toHigh > 0 || (toHigh == 0 && !range.highInclusive())) {
                        return Step.END;
                    }
                    return yielded.add(position) ? Step.YIELD : Step.SKIP;
                }
            };
        }
        KeyValue wanted = wanted(query);
        KeyValue from = prefixed(wanted, MinKey.getInstance());
        return () -> new EntryWalk(entries.cursor(from)) {
            @Override
            Step step(KeyValue key, Object position) {
                return startsWith(key, wanted) ? Step.YIELD : Step.END;
            }
        };
    }

    /** A walk along the index's entries from a cursor, each entry counted as read when it is read. */
    private abstract class EntryWalk implements Iterator<Object> {

        enum Step { YIELD, SKIP, END }

        private final Cursor<KeyValue, Object> cursor;
        private Object next;
        private boolean ended;

        EntryWalk(Cursor<KeyValue, Object> cursor) {
            this.cursor = cursor;
        }

        abstract Step step(KeyValue key, Object position);

        @Override
        public boolean hasNext() {
            while (next == null && !ended) {
                if (!cursor.hasNext()) {
                    ended = true;
                    break;
                }
                KeyValue key = cursor.next();
                backend.indexEntriesRead(1);
                switch (step(key, cursor.getValue())) {
                    case YIELD -> next = cursor.getValue();
                    case END -> ended = true;
                    case SKIP -> { }
                }
            }
            return next != null;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            Object position = next;
            next = null;
            return position;
        }
    }

    private static boolean startsWith(KeyValue key, KeyValue prefix) {
        if (key.size() != prefix.size() + 1) {
            return false;
        }
        Iterator<Object> values = prefix.iterator();
        for (int i = 0; values.hasNext(); i++) {
            if (ValueComparator.asc().compare(key.get(i), values.next()) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long getCount() {
        return Math.max(0, entries.sizeAsLong() - (entries.containsKey(FILLED) ? 1 : 0));
    }

    /** Never empty once filled, even with no entry (a sparse index no document has the key of): never filled again. */
    @Override
    public boolean isEmpty() {
        return !entries.containsKey(FILLED);
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing can collide
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position,
            MongoCollection<Object> collection) {
        if (nullAwareEqualsKeys(oldDocument, newDocument) && Objects.equals(id(oldDocument), id(newDocument))) {
            return;
        }
        for (KeyValue key : entriesOf(oldDocument, position)) {
            entries.remove(key);
        }
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        entries.clear();
        entries.put(FILLED, Missing.getInstance());
    }
}
