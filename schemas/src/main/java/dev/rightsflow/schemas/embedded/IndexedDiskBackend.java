package dev.rightsflow.schemas.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoBackend;
import dev.rightsflow.schemas.state.DurableWrites;
import dev.rightsflow.schemas.state.StateLock;

/**
 * The embedded store on disk: mongo-java-server's wire protocol over one MVStore file (H2's
 * copy-on-write B-tree store) under a directory of the data directory, so the services' state lives
 * on disk instead of the heap and a restart opens it instead of restoring a checkpoint. Documents are
 * stored as BSON and keys ordered by MongoDB's rules ({@link BsonKeyTypes}); queries choose their index
 * as {@link IndexedMemoryBackend}'s do ({@link IndexChoice}); unique indexes are maps of the same
 * file and so are secondary indexes ({@link DiskSecondaryIndex}, filled from the documents once, when
 * first declared on the file, then committed with them). {@link #documentsExamined()} counts as the memory backend's.
 *
 * <p>Durability, with the checkpoint's guarantee: MVStore's own auto-commit (a background thread,
 * and a commit by whichever writer fills its write buffer) is switched off, so nothing reaches the
 * file except through {@link #commit()}, which takes {@link StateLock#checkpoint()} (no command is
 * then half applied) while the commit cuts its version of every map, so each service's
 * {@code projection_progress} in the file never runs ahead of the effects in it; the pages are then
 * written and forced to the disk while commands go on. An MVStore commit is atomic: a crash during one leaves
 * the previous one. Register {@link #commit()} with {@link DurableWrites} for the writes that are on
 * no topic. A file that cannot be opened (torn beyond MVStore's own recovery, not a store, or written
 * with another {@link #FORMAT}) is deleted, logged, and the store starts empty ({@link #recreated()}):
 * the services then find no projection format and rebuild from their topics, never from a half state.
 */
public final class IndexedDiskBackend extends AbstractMongoBackend {

    private static final Logger log = LoggerFactory.getLogger(IndexedDiskBackend.class);

    /** The store file's name under the directory given to {@link #open(Path)}. */
    public static final String FILE_NAME = "store.mv.db";
    /** How documents and keys are written; a file of another format is not opened (the services rebuild). */
    static final int FORMAT = 1;
    /** MVStore's page cache, in MB: it holds BSON pages, so the heap it takes is about this. */
    private static final int CACHE_MB = 64;
    /**
     * Uncommitted pages are on the heap: past this many bytes a commit is due whatever the interval. Also what bounds
     * the file's growth under heavy writes: MVStore keeps the last five versions readable, so about five commits' worth
     * of dead pages waits before its space is reused (32 MB gave a file of about four times its data, 8 MB two and a half).
     */
    private static final long UNSAVED_LIMIT = 8L << 20;
    /** A clean stop rewrites the file when less than this percentage of it is live ({@link #close()}). */
    private static final int REWRITE_BELOW_FILL_PERCENT = 50;
    /** How long a clean stop may spend writing the compacted copy before it gives up and keeps the file. */
    private static final int REWRITE_MILLIS = 30_000;
    /**
     * How long a scrub after an erasure may spend copying the store into a new file: every command waits meanwhile (it
     * holds the checkpoint lock), so it is bounded tighter than the clean stop's copy; past it the clean stop copies.
     */
    private static final int SCRUB_COPY_MILLIS = 10_000;
    /**
     * A map of the file written only when a scrub was given up: the obligation survives a crash, and the next clean stop
     * or open makes the copy. Never copied, so a copy clears it.
     */
    private static final String SCRUB_DUE = "rightsflow.scrubDue";
    /** At most one scrub in this many nanoseconds: a rebuild folds many erasures; the flag waits for the next commit. */
    private static final long SCRUB_EVERY = Duration.ofSeconds(60).toNanos();

    /** A commit that held every command longer than this to cut its version is logged (a warning). */
    private static final long HELD_LONG_NANOS = Duration.ofSeconds(1).toNanos();

    /** Replaced only by {@link #scrub()}, under the checkpoint lock. */
    private volatile MVStore store;
    private volatile FileUse fileUse = new FileUse(0, 1);
    /** Every collection and index of the file, handed the new file's maps when a scrub replaces it. */
    private final List<StoredMap> stored = new CopyOnWriteArrayList<>();
    /** A scrub's copy was given up (now or before the last open): the clean stop copies the file whatever its fill. */
    private volatile boolean rewriteAtClose;
    private volatile long scrubCopyMillis = SCRUB_COPY_MILLIS;
    private volatile long scrubEvery = SCRUB_EVERY;
    private final Path file;
    private final boolean recreated;
    private final LongAdder examined = new LongAdder();
    private final LongAdder indexed = new LongAdder();
    private final LongAdder indexEntriesRead = new LongAdder();
    private volatile long lastCommit = System.nanoTime();
    private final java.util.concurrent.atomic.AtomicBoolean scrubDue = new java.util.concurrent.atomic.AtomicBoolean();
    /** Runs each commit while {@link #commit()} holds the lock for its cut; created at the first commit. */
    private ExecutorService committer;
    private final Times times = new Times();
    private long lastScrub = System.nanoTime() - SCRUB_EVERY;

    private IndexedDiskBackend(MVStore store, Path file, boolean recreated) {
        this.store = store;
        this.file = file;
        this.recreated = recreated;
        noteFileUse(store);
        this.rewriteAtClose = store.hasMap(SCRUB_DUE);
        Set<String> databases = new LinkedHashSet<>();
        for (String name : store.getMapNames()) {
            if (name.startsWith(DiskDatabase.DATA)) {
                String namespace = name.substring(DiskDatabase.DATA.length());
                databases.add(namespace.substring(0, namespace.indexOf('.')));
            }
        }
        // opens every collection and index, and fills the secondary indexes from the documents
        databases.forEach(this::resolveDatabase);
    }

    /**
     * Opens the store under {@code directory} (created when missing), or, when its file cannot be
     * opened, deletes it and starts empty (logged; {@link #recreated()} is then true).
     */
    public static IndexedDiskBackend open(Path directory) {
        return open(directory, false);
    }

    /**
     * As {@link #open(Path)}; with {@code compact}, a file less than {@value #REWRITE_BELOW_FILL_PERCENT} % live is
     * first copied into a compacted file, however long that takes (what a clean stop does within
     * {@value #REWRITE_MILLIS} ms, and gives up on past it: a store of 100,000 requests' state, about 3 GB live in a
     * 13 GB file, does not fit). The operator asks for it ({@code RIGHTSFLOW_STORE_COMPACT_AT_START=true}) when the stop
     * logged that it gave up.
     */
    public static IndexedDiskBackend open(Path directory, boolean compact) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store directory " + directory, e);
        }
        try {
            Files.deleteIfExists(rewriteFile(file)); // a compacted copy a crash interrupted before it replaced the file
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the unfinished copy " + rewriteFile(file), e);
        }
        MVStore store = null;
        try {
            store = openStore(file);
            int format = store.getStoreVersion();
            if (format != FORMAT && !store.getMapNames().isEmpty()) {
                throw new IllegalStateException("store format " + format + ", this code writes " + FORMAT);
            }
            store.setStoreVersion(FORMAT);
            if (store.hasMap(SCRUB_DUE)) {
                store = scrubbedAtOpen(store, file, "at the open, for an erasure");
            } else if (compact && liveShare(store) * 100 < REWRITE_BELOW_FILL_PERCENT) {
                store = scrubbedAtOpen(store, file, "at the start, as asked (RIGHTSFLOW_STORE_COMPACT_AT_START)");
            } else if (compact) {
                log.info("the disk store is not compacted at the start: {} % of it is live", Math.round(liveShare(store) * 100));
            }
            return new IndexedDiskBackend(store, file, false);
        } catch (RuntimeException e) {
            // the message names the file's structure (chunks, positions, format), never a document's content
            log.warn("the disk store {} cannot be opened ({}: {}); it is deleted and the services rebuild from the topics",
                    file, e.getClass().getSimpleName(), e.getMessage());
            if (store != null) {
                store.closeImmediately();
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException deleting) {
                throw new UncheckedIOException("cannot delete the unreadable store " + file, deleting);
            }
            MVStore empty = openStore(file);
            empty.setStoreVersion(FORMAT);
            return new IndexedDiskBackend(empty, file, true);
        }
    }

    /**
     * A scrub that a running store gave up (its copy took too long, or could not replace the file) and no clean stop
     * finished since: the copy is made now, before anything is served, however long it takes (logged).
     */
    private static MVStore scrubbedAtOpen(MVStore store, Path file, String when) {
        store.commit();
        if (!rewriteTo(store, rewriteFile(file), Long.MAX_VALUE, when)) {
            return store; // the marker stays: the next stop or open tries again
        }
        store.close();
        try {
            Files.move(rewriteFile(file), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            log.warn("the disk store's copy for an erasure could not replace it ({}); the old file is kept", e.toString());
        }
        return openStore(file);
    }

    private static MVStore openStore(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString())
                // no background commits, and none by a writer whose changes fill the write buffer: only commit() writes
                .autoCommitDisabled().autoCommitBufferSize(0)
                .cacheSize(CACHE_MB)
                .open();
        // MVStore keeps a dead chunk's space for 45 s by default, in case the file system has not yet written the
        // commit that made it dead; under heavy writes (a rebuild commits every few MB) the file then grows to several
        // times its data. Every commit here is forced to the disk before the next one can start (commit() is
        // synchronized and syncs), so a chunk dead in the last commit is never needed again: its space is reused at
        // once. The last versions stay readable for queries still reading them (MVStore's versionsToKeep, 5).
        store.setRetentionTime(0);
        return store;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new DiskDatabase(databaseName, getCursorRegistry(), this);
    }

    /** Registers a collection or index of the file ({@link StoredMap}). @return it */
    <T extends StoredMap> T stored(T map) {
        stored.add(map);
        return map;
    }

    /** Each command whole with respect to a checkpoint, a {@code find}'s first batch bounded ({@link WholeCommands}). */
    @Override
    public de.bwaldvogel.mongo.bson.Document handleCommand(io.netty.channel.Channel channel, String databaseName, String command, de.bwaldvogel.mongo.bson.Document query) {
        return WholeCommands.apply(command, query, getCursorRegistry(),
                q -> super.handleCommand(channel, databaseName, command, q));
    }

    /** Batches no bigger than MongoDB's ({@link BoundedBatches}). */
    @Override
    protected de.bwaldvogel.mongo.bson.Document handleGetMore(String databaseName, String command, de.bwaldvogel.mongo.bson.Document query) {
        return BoundedBatches.getMore(getCursorRegistry(), databaseName, command, query);
    }

    void indexed(long documents) {
        indexed.add(documents);
    }

    /**
     * How many documents were read to fill secondary indexes since this server opened: a new index on a
     * collection that has documents, or a file from before secondary indexes were kept in it; 0 on a restart.
     */
    public long documentsReadToFillIndexes() {
        return indexed.sum();
    }

    void indexEntriesRead(long entries) {
        indexEntriesRead.add(entries);
    }

    /**
     * How many secondary index entries this server's queries have read since it opened: those of the index each
     * query chose ({@link IndexChoice} counts the other candidates' matches without reading them).
     */
    public long indexEntriesRead() {
        return indexEntriesRead.sum();
    }

    void examined(long documents) {
        examined.add(documents);
    }

    /** How many documents this server's queries (finds, and the filters of updates and deletes) have examined since it opened. */
    public long documentsExamined() {
        return examined.sum();
    }

    /** True when the file could not be opened and the store started empty instead. */
    public boolean recreated() {
        return recreated;
    }

    /** The store file. */
    public Path file() {
        return file;
    }

    /** The database names, as {@link IndexedMemoryBackend#databaseNames()}. */
    public Set<String> databaseNames() {
        return listDatabaseNames();
    }

    /** How many documents the store holds, over every collection (system collections included). */
    public long documents() {
        long documents = 0;
        for (String name : store.getMapNames()) {
            if (name.startsWith(DiskDatabase.DATA)) {
                documents += store.openMap(name, new org.h2.mvstore.MVMap.Builder<Object, byte[]>()
                        .keyType(BsonKeyTypes.IdType.INSTANCE)
                        .valueType(org.h2.mvstore.type.ByteArrayDataType.INSTANCE)).sizeAsLong();
            }
        }
        return documents;
    }

    /** The store file's size in bytes. */
    public long fileSize() {
        return store.getFileStore() == null ? 0 : store.getFileStore().size();
    }

    /**
     * Commits what the store holds now, under {@link StateLock#checkpoint()}, and forces it to the
     * disk: what a crash after this returns cannot take. Call it outside any folding (it takes the
     * lock's write side), off the event loop (it blocks). When personal data was erased since
     * ({@link #scrubAtNextCommit()}), the file is then rewritten so that no old copy of it stays readable.
     *
     * @throws IllegalStateException when the store is closed (nothing more can be written), or MVStore's exception
     *         when the commit failed (the file keeps its last commit): either way what it holds now is not durable
     */
    public synchronized void commit() {
        boolean scrub = scrubDue.get() && System.nanoTime() - lastScrub >= scrubEvery;
        if (scrub) {
            commitAndScrub();
            return;
        }
        long asked = System.nanoTime();
        MVStore committing = store;
        Future<Long> written;
        long released;
        Lock lock = StateLock.checkpoint();
        lock.lock();
        long locked = System.nanoTime();
        try {
            if (committing.isClosed()) {
                throw new IllegalStateException("the disk store is closed: nothing was committed");
            }
            // The commit's version must be cut with no command half applied: MVStore cuts it map by map (each map's
            // root is taken for the new version), then serializes those roots, which no later write changes
            // (copy-on-write), and writes them. Only the cut needs the commands held: the commit runs on a thread of
            // its own while this one holds the lock until every map of the file has reached the new version (or the
            // commit ended: nothing to commit, or it failed), then lets the commands go on while the pages are
            // serialized, written and forced to the disk. Before, every command of every service waited for all of
            // it: 30 s and more under a burst, when a commit serializes tens of MB (thirteenth session).
            long version = committing.getCurrentVersion() + 1;
            written = committer().submit(committing::commit);
            awaitCut(committing, version, written);
        } finally {
            lock.unlock();
            released = System.nanoTime();
        }
        finish(written);
        lastCommit = System.nanoTime();
        long wrote = System.nanoTime();
        committing.sync();
        long synced = System.nanoTime();
        times.record(locked - asked, released - locked, wrote - locked, synced - wrote);
        if (released - locked > HELD_LONG_NANOS) {
            log.warn("the disk store held every command for {} ms to cut a commit", (released - locked) / 1_000_000);
        }
        log.debug("disk store commit: waited {} ms for the lock, held it {} ms, wrote in {} ms, synced in {} ms",
                (locked - asked) / 1_000_000, (released - locked) / 1_000_000, (wrote - locked) / 1_000_000,
                (synced - wrote) / 1_000_000);
        // rewrite chunks that are mostly dead, up to COMPACT_LIVE_BYTES of their live pages: the pages move in the next commit
        committing.compact(50, COMPACT_LIVE_BYTES);
        noteFileUse(committing);
    }

    /** A commit and then the scrub after an erasure, both under the lock: the scrub copies the file as committed. */
    private void commitAndScrub() {
        Lock lock = StateLock.checkpoint();
        lock.lock();
        try {
            if (store.isClosed()) {
                throw new IllegalStateException("the disk store is closed: nothing was committed");
            }
            store.commit();
            lastCommit = System.nanoTime();
            store.sync();
            scrubDue.set(false);
            scrub();
            lastScrub = System.nanoTime();
            noteFileUse(store);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, holding the lock, until the commit has cut {@code version} of every map of the file (the store's own
     * meta map last, after the collections' and indexes'), or until it ended. A map's root carries the version it was
     * last cut at ({@code RootReference.version}; {@code MVMap.getVersion()} is the version of its last change).
     * Checked every 20 microseconds: the cut takes a few, the serialization after it most of a commit.
     */
    private void awaitCut(MVStore committing, long version, Future<Long> written) {
        while (!written.isDone() && !cut(committing, version)) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** Whether every map the commands write (each collection and index, and the store's meta map) is at {@code version}. */
    private boolean cut(MVStore committing, long version) {
        if (committing.getMetaMap().getRoot().version < version) {
            return false;
        }
        for (StoredMap holder : stored) {
            org.h2.mvstore.MVMap<?, ?> map = holder.map();
            if (!map.isClosed() && map.getRoot().version < version) {
                return false;
            }
        }
        return true;
    }

    /** The commit's own end: its exception, if any, is this caller's (the file keeps its last commit). */
    private static void finish(Future<Long> written) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    written.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the commit runs on: this caller waits for it, then keeps the interrupt
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException("the disk store's commit failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized ExecutorService committer() {
        if (committer == null) {
            committer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "rightsflow-store-commit");
                thread.setDaemon(true);
                return thread;
            });
        }
        return committer;
    }

    /**
     * The file's size and the share of it that is live, as of the last commit (read by the operator's metrics): dead
     * pages wait in the file until their space is reused, and a clean stop copies the file when less than half of it
     * is live. Under a burst the file grows to several times what is live (RestartBenchmark, fifteenth session).
     */
    public FileUse fileUse() {
        return fileUse;
    }

    /** @param bytes the file's size; @param liveShare 0 to 1: the share of the file the live pages take */
    public record FileUse(long bytes, double liveShare) {
    }

    /** Called only where no other commit runs (a commit, the open): MVStore's free-space map is not read concurrently. */
    private void noteFileUse(MVStore of) {
        if (!of.isClosed()) {
            fileUse = new FileUse(of.getFileStore().size(), liveShare(of));
        }
    }

    /** The share of the file in use, times the share of what is in use that is live: 0 to 1. */
    private static double liveShare(MVStore of) {
        return of.getFillRate() * of.getFileStore().getChunksFillRate() / 10_000.0;
    }

    /** How the commits so far spent their time: for benchmarks and the operator's log. */
    public CommitTimes commitTimes() {
        return times.snapshot();
    }

    /**
     * The commits so far: how many, and in nanoseconds, the longest and the total time each waited for the lock,
     * held every command (the cut), took from the lock to its pages written, and took to force them to the disk.
     */
    public record CommitTimes(long commits, long waitedMax, long heldMax, long heldTotal, long writtenMax,
            long writtenTotal, long syncedMax, long syncedTotal) {
    }

    private static final class Times {
        private long commits;
        private long waitedMax;
        private long heldMax;
        private long heldTotal;
        private long writtenMax;
        private long writtenTotal;
        private long syncedMax;
        private long syncedTotal;

        synchronized void record(long waited, long held, long written, long synced) {
            commits++;
            waitedMax = Math.max(waitedMax, waited);
            heldMax = Math.max(heldMax, held);
            heldTotal += held;
            writtenMax = Math.max(writtenMax, written);
            writtenTotal += written;
            syncedMax = Math.max(syncedMax, synced);
            syncedTotal += synced;
        }

        synchronized CommitTimes snapshot() {
            return new CommitTimes(commits, waitedMax, heldMax, heldTotal, writtenMax, writtenTotal, syncedMax, syncedTotal);
        }
    }

    /**
     * Personal data was erased: the next commit (at least a minute after the last scrub) rewrites the file so that no
     * dead chunk keeps an older copy of it ({@link dev.rightsflow.schemas.state.ErasedOnDisk}). Returns at once.
     */
    public void scrubAtNextCommit() {
        scrubDue.set(true);
    }

    /**
     * Under the checkpoint lock, right after a commit (so no command is half applied, and none runs until it returns):
     * the store is copied into a new file, which replaces the old one by an atomic rename, as a clean stop compacts it
     * ({@link #rewriteTo}); the new file is opened and every collection and index is handed its map of it
     * ({@link StoredMap}). A fresh file holds only what the last commit held, written once: no dead page, no old copy
     * of anything. A crash before the rename leaves the old file (the copy is deleted at the next open), after it the
     * new one. A copy that fails or takes over {@value #SCRUB_COPY_MILLIS} ms is given up (the old file stays open,
     * nothing changes) and a marker committed ({@link #scrubLater()}): the clean stop copies the file whatever its fill,
     * or, when it does not finish, the next open does; no live copy is tried again meanwhile.
     */
    private void scrub() {
        if (rewriteAtClose) {
            // a copy is pending for the next stop or open (committed): it takes this erasure's data too; trying again
            // now would stall every command as long again, each minute, for a store too large to copy in time
            return;
        }
        long began = System.nanoTime();
        long before = fileSize();
        Path copy = rewriteFile(file);
        if (!rewriteTo(store, copy, scrubCopyMillis, "after an erasure")) {
            scrubLater();
            return;
        }
        // each holder's map by its name now (a collection renamed since it was opened has its new name; a dropped one none)
        Map<StoredMap, String> names = new LinkedHashMap<>();
        for (StoredMap holder : stored) {
            String name = holder.map().getName();
            if (name == null) {
                stored.remove(holder);
            } else {
                names.put(holder, name);
            }
        }
        store.close();
        try {
            Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(file.getParent());
        } catch (IOException e) {
            // the old file is whole (committed, closed): it is opened again, and the clean stop tries once more
            log.warn("the disk store's copy after an erasure could not replace it ({}); the old file is kept", e.toString());
        }
        MVStore reopened = openStore(file);
        store = reopened;
        names.forEach((holder, name) -> holder.moveTo(typedMap(reopened, name)));
        if (reopened.hasMap(SCRUB_DUE)) { // the rename failed: the old file is open again
            scrubLater();
        }
        log.info("the disk store goes on on its copy ({} KB before): commands waited {} ms", before / 1024,
                (System.nanoTime() - began) / 1_000_000);
    }

    /** Under the checkpoint lock: the next clean stop, or else the next open, copies the file (a committed marker). */
    private void scrubLater() {
        rewriteAtClose = true;
        store.<String, Boolean>openMap(SCRUB_DUE).put("due", Boolean.TRUE);
        store.commit();
        store.sync();
    }

    /** Forces a rename in {@code directory} to the disk (a directory opened for reading can be forced on Linux). */
    private static void syncDirectory(Path directory) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(directory,
                java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be forced: the rename is then as durable as the system makes it
        }
    }

    /**
     * How often the owner of the store calls {@link #commitIfDue}: the 8 MB of uncommitted pages that make a commit due
     * are noticed within this. Checked once a second before the fifteenth session, a burst's commits were each the
     * second's writes, tens of MB, and MVStore keeps the chunks of its last five versions: the file grew to eight
     * times what was live (2.58 GB for 10,000 requests loaded at once; 2.17 GB checked every 100 ms) and kept growing
     * round after round of rewrites (EmbeddedStoreBenchmark {@code disk 20000 3}: 255, 307, 365 MiB; checked every
     * 100 ms: 181, 152, 163 MiB). The check reads one field; a commit is made only when due.
     */
    public static final Duration COMMIT_CHECK_EVERY = Duration.ofMillis(100);

    /**
     * How much of the live pages of mostly dead chunks each commit moves (when less than half of the chunks' space is
     * live). At 4 MB a burst wrote faster than it freed: 10,000 requests loaded at once grew the file to 2.17 GB for about
     * 0.3 GB live (the share of it live fell to 0.19); at 16 MB the file peaked at about 1.1 GB, 0.4 of it live, and
     * the clean stop found 1.14 GB (RestartBenchmark 10000, fifteenth session). The moved pages make the next commit
     * larger (the longest a commit held the commands: 42 → 114 ms).
     */
    static final int COMPACT_LIVE_BYTES = 16 << 20;

    /**
     * Commits when the last commit is older than {@code interval}, or sooner when the changes not yet
     * committed (held on the heap) pass 8 MB, as during a rebuild. @return whether it committed
     */
    public boolean commitIfDue(Duration interval) {
        if (store.isClosed() || !store.hasUnsavedChanges()) {
            return false;
        }
        if (store.getUnsavedMemory() < UNSAVED_LIMIT && System.nanoTime() - lastCommit < interval.toNanos()) {
            return false;
        }
        commit();
        return true;
    }

    /**
     * Commits (under the lock, as {@link #commit()}) and closes the file. When less than half the file is live (its
     * free space is never given back while the store is open: MVStore reuses it but truncates only its end), the
     * store is first copied into a new file, map by map with each map's own types and the store's format, which
     * then replaces the old one by an atomic rename: a crash before the rename leaves the old file (the partial copy
     * is deleted at the next open), after it the new one. The copy gives up after {@value #REWRITE_MILLIS} ms and
     * keeps the old file. ({@code compactFile} and {@code close(ms)} did not shrink the file: its live chunks stay
     * spread over it.)
     */
    @Override
    public synchronized void close() {
        super.close();
        Lock lock = StateLock.checkpoint();
        lock.lock();
        try {
            if (!store.isClosed()) {
                store.commit();
                boolean rewrite = (rewriteAtClose || liveShare(store) * 100 < REWRITE_BELOW_FILL_PERCENT)
                        && rewriteTo(store, rewriteFile(file), REWRITE_MILLIS, "at the stop");
                if (!rewrite && liveShare(store) * 100 < REWRITE_BELOW_FILL_PERCENT) {
                    log.info("the disk store's file stays at {} MB, {} % of it live: start once with"
                            + " RIGHTSFLOW_STORE_COMPACT_AT_START=true to copy it at the start, however long that takes",
                            store.getFileStore().size() >> 20, Math.round(liveShare(store) * 100));
                }
                store.close();
                if (rewrite) {
                    Files.move(rewriteFile(file), file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    syncDirectory(file.getParent());
                }
            }
        } catch (IOException e) {
            log.warn("the disk store's compacted copy could not replace it ({}); the old file is kept", e.toString());
        } finally {
            lock.unlock();
            stopCommitter();
        }
    }

    private synchronized void stopCommitter() {
        if (committer != null) {
            committer.shutdown();
            committer = null;
        }
    }

    /** Where the compacted copy is written before it replaces the file. */
    static Path rewriteFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".compacting");
    }

    /**
     * Copies every map into a new store at {@code target}, committed and forced to the disk; false (and the copy
     * deleted) when it took over {@code millis} or failed. {@code when} names the occasion in the log.
     */
    private static boolean rewriteTo(MVStore store, Path target, long millis, String when) {
        long began = System.nanoTime();
        long deadline = millis == Long.MAX_VALUE ? Long.MAX_VALUE : began + millis * 1_000_000L;
        long before = store.getFileStore().size();
        try {
            Files.deleteIfExists(target);
            MVStore copy = new MVStore.Builder().fileName(target.toString()).autoCommitDisabled().open();
            try {
                copy.setStoreVersion(FORMAT);
                for (String name : store.getMapNames()) {
                    if (name.equals(SCRUB_DUE)) {
                        continue; // the copy is the scrub
                    }
                    org.h2.mvstore.MVMap<Object, Object> from = typedMap(store, name);
                    org.h2.mvstore.MVMap<Object, Object> to = copy.openMap(name, new org.h2.mvstore.MVMap.Builder<Object, Object>()
                            .keyType(from.getKeyType()).valueType(from.getValueType()));
                    long copied = 0;
                    for (org.h2.mvstore.Cursor<Object, Object> c = from.cursor(null); c.hasNext(); ) {
                        Object key = c.next();
                        to.put(key, c.getValue());
                        if (++copied % 1_000 == 0) {
                            if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                                copy.closeImmediately();
                                Files.deleteIfExists(target);
                                log.info("the disk store was not compacted {}: the copy took over {} ms", when, millis);
                                return false;
                            }
                            if (copy.getUnsavedMemory() > UNSAVED_LIMIT) {
                                copy.commit();
                            }
                        }
                    }
                }
                copy.commit();
                copy.sync(); // the copy is on the disk before the rename can make it the store
            } finally {
                if (!copy.isClosed()) {
                    copy.close();
                }
            }
            log.info("compacted the disk store {}: {} KB to {} KB in {} ms", when, before / 1024, Files.size(target) / 1024,
                    (System.nanoTime() - began) / 1_000_000);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("the disk store could not be compacted {} ({}); the old file is kept", when, e.toString());
            try {
                Files.deleteIfExists(target);
            } catch (IOException ignored) {
                // the next open deletes it
            }
            return false;
        }
    }

    /** A map of the store with the types it was written with (documents, unique index positions, or MVStore's default). */
    @SuppressWarnings("unchecked")
    private static org.h2.mvstore.MVMap<Object, Object> typedMap(MVStore store, String name) {
        org.h2.mvstore.MVMap.Builder<Object, Object> builder = new org.h2.mvstore.MVMap.Builder<>();
        if (name.startsWith(DiskDatabase.DATA)) {
            builder.keyType(BsonKeyTypes.IdType.INSTANCE).valueType((org.h2.mvstore.type.DataType<Object>) (Object)
                    org.h2.mvstore.type.ByteArrayDataType.INSTANCE);
        } else if (name.startsWith(DiskDatabase.INDEX)) {
            builder.keyType((org.h2.mvstore.type.DataType<Object>) (Object) BsonKeyTypes.KeyValueType.INSTANCE)
                    .valueType(BsonKeyTypes.IdType.INSTANCE);
        }
        return store.openMap(name, builder);
    }

    /** How long a scrub's copy may take before it is given up, and how often a scrub may run: for tests. */
    void scrubLimits(long copyMillis, Duration every) {
        scrubCopyMillis = copyMillis;
        scrubEvery = every.toNanos();
    }

    /** The MVStore itself: for tests and its databases (a scrub replaces it). */
    MVStore store() {
        return store;
    }

    /** Closes the file without committing, as a crash (kill -9) would leave it: for tests. */
    void abandon() {
        store.closeImmediately();
        stopCommitter();
    }
}
