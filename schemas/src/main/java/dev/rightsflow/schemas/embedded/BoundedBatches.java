package dev.rightsflow.schemas.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Query results in batches no bigger than MongoDB itself sends, so that reading a large collection never asks the
 * driver to take a reply bigger than a wire message may be. The in-process server puts as many documents in a
 * batch as the client's {@code batchSize} allows, and the reactive driver asks for {@code Integer.MAX_VALUE} when
 * its subscriber wants everything: at 10,000 requests in the history one {@code find()} over a collection came
 * back as a single 173 MB reply, which the driver refuses ({@code MongoInternalException: The reply message
 * length ... is greater than the maximum message length 48000000}). MongoDB's own rule
 * (<a href="https://www.mongodb.com/docs/manual/tutorial/iterate-a-cursor/#cursor-batches">cursor batches</a>):
 * a first batch of 101 documents unless the client names a batch size, and no batch over 16 MiB; a single larger
 * document still goes alone. The client's batch size stays the most a batch holds, and its {@code limit} and
 * {@code singleBatch} are kept as it asked.
 */
final class BoundedBatches {

    /** MongoDB's default first batch, in documents. */
    static final int FIRST_BATCH = 101;
    /** MongoDB's largest batch, in bytes of BSON. */
    static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;
    /** The most documents taken from a cursor at once. */
    private static final int CHUNK = 1024;

    private BoundedBatches() {
    }

    /** Whether {@link #find} should run the command: a {@code find} that may answer in more than one batch. */
    static boolean applies(String command, Document query) {
        return "find".equalsIgnoreCase(command) && !Boolean.TRUE.equals(query.get("singleBatch"));
    }

    /**
     * Runs a {@code find} through {@code server} with a first batch of one document (the server keeps the rest in
     * a cursor), then fills the first batch from that cursor up to the client's batch size (101 where it named
     * none) and 16 MiB.
     */
    static Document find(UnaryOperator<Document> server, CursorRegistry cursors, Document query) {
        int requested = batchSize(query) > 0 ? batchSize(query) : FIRST_BATCH;
        Document one = new Document(query);
        one.put("batchSize", 1);
        Document response = server.apply(one);
        if (!(response.get("cursor") instanceof Document cursorReply)
                || !(cursorReply.get("firstBatch") instanceof List<?> first)
                || !(cursorReply.get("id") instanceof Number id) || id.longValue() == 0) {
            return response; // an error, or everything fitted in the one document
        }
        List<Document> batch = new ArrayList<>();
        long bytes = 0;
        long largest = 0;
        for (Object d : first) {
            batch.add((Document) d);
            long size = size((Document) d);
            bytes += size;
            largest = Math.max(largest, size);
        }
        Cursor cursor = cursors.getCursor(id.longValue());
        fill(cursor, batch, requested, bytes, largest);
        cursorReply.put("firstBatch", batch);
        cursorReply.put("id", close(cursors, cursor));
        return response;
    }

    /**
     * The next batch of a cursor: at most the client's batch size (unbounded where it named none) and at most
     * 16 MiB, at least one document. The cursor is removed once it is exhausted.
     */
    static Document getMore(CursorRegistry cursors, String databaseName, String command, Document query) {
        Cursor cursor = cursors.getCursor(((Number) query.get(command)).longValue());
        List<Document> batch = new ArrayList<>();
        fill(cursor, batch, batchSize(query) > 0 ? batchSize(query) : Integer.MAX_VALUE, 0, 0);
        Document reply = new Document();
        reply.put("id", close(cursors, cursor));
        reply.put("ns", databaseName + "." + query.get("collection"));
        reply.put("nextBatch", batch);
        Document response = new Document("cursor", reply);
        response.put("ok", 1.0);
        return response;
    }

    /**
     * Takes documents from {@code cursor} into {@code batch} until it holds {@code requested} or {@code bytes}
     * reaches 16 MiB; in chunks (one at a time would nest the cursor's list views once per document), each no
     * bigger than the largest document seen so far says the batch still has room for. A document is measured (encoded
     * once more) only while the batch could still reach 16 MiB before it holds {@code requested}: once the documents
     * still wanted, each as large as the largest seen so far, fit in the room left, they are taken unmeasured (the
     * common case, a first batch of 101 small documents, measures just the first). Judging the documents not yet
     * measured by the largest seen is the assumption the chunks made before (a small document followed by much larger
     * ones can still make a batch pass 16 MiB); the first document of a batch is always measured, alone, so there is a
     * largest to judge by (before, a {@code getMore} judged its first chunk of up to 1,024 documents as if each were
     * one byte, and sent 44 MiB in one batch of {@link LargeResultsTest}'s documents).
     *
     * @param bytes   the size of what {@code batch} holds
     * @param largest the largest document in {@code batch}, 0 when it is empty
     */
    private static void fill(Cursor cursor, List<Document> batch, int requested, long bytes, long largest) {
        while (!cursor.isEmpty() && batch.size() < requested && bytes < MAX_BATCH_BYTES) {
            int wanted = requested - batch.size();
            if (largest > 0 && wanted <= CHUNK && (long) wanted * largest <= MAX_BATCH_BYTES - bytes) {
                // the chunk below would take exactly these and end the batch: measuring them would change nothing
                batch.addAll(cursor.takeDocuments(wanted));
                return;
            }
            long room = (MAX_BATCH_BYTES - bytes) / Math.max(1, largest);
            if (room == 0 && !batch.isEmpty()) {
                return; // another document as large as the largest would pass 16 MiB (before, one more was taken)
            }
            int chunk = largest == 0 ? 1 : (int) Math.max(1, Math.min(Math.min(room, CHUNK), wanted));
            for (Document next : cursor.takeDocuments(chunk)) {
                long size = size(next);
                bytes += size;
                largest = Math.max(largest, size);
                batch.add(next);
            }
        }
    }

    /** The id the client is to ask again with: 0 once the cursor is exhausted (and removed). */
    private static long close(CursorRegistry cursors, Cursor cursor) {
        if (cursor.isEmpty()) {
            cursors.remove(cursor);
            return 0L;
        }
        return cursor.getId();
    }

    private static long size(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return buffer.readableBytes();
        } finally {
            buffer.release();
        }
    }

    private static int batchSize(Document query) {
        return query.get("batchSize") instanceof Number n ? n.intValue() : 0;
    }
}
