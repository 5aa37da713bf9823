package dev.rightsflow.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import reactor.core.publisher.Flux;

/**
 * The batches themselves, as the server answers {@code find} and {@code getMore} (the driver's view is
 * {@link LargeResultsTest}): a first batch of 101 documents unless the client names a size, the client's size kept,
 * and no batch over 16 MiB, the first of a {@code getMore} included (it used to take up to 1,024 documents before
 * measuring one: 44 MiB of 1 MiB documents in one batch).
 */
class BoundedBatchesTest {

    @RegisterExtension
    final WireServers wire = new WireServers();

    private final IndexedMemoryBackend backend = new IndexedMemoryBackend();

    private void insert(int count, int bytesEach) {
        MongoCollection<org.bson.Document> c = wire.collection(new MongoServer(backend), "c");
        List<org.bson.Document> docs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            docs.add(new org.bson.Document("_id", i).append("body", "x".repeat(bytesEach)));
        }
        Flux.fromIterable(docs).concatMap(d -> c.insertOne(d)).blockLast();
    }

    private Document command(String name, Document query) {
        return backend.handleCommand(new EmbeddedChannel(), "test", name, query);
    }

    private List<?> find(Integer batchSize) {
        Document query = new Document("find", "c");
        if (batchSize != null) {
            query.put("batchSize", batchSize);
        }
        return (List<?>) ((Document) command("find", query).get("cursor")).get("firstBatch");
    }

    /** Every batch of the rest of a cursor, by getMore without a batch size. */
    private List<List<?>> rest(Document firstReply) {
        List<List<?>> batches = new ArrayList<>();
        long id = ((Number) ((Document) firstReply.get("cursor")).get("id")).longValue();
        while (id != 0) {
            Document query = new Document("getMore", id);
            query.put("collection", "c");
            Document cursor = (Document) command("getMore", query).get("cursor");
            batches.add((List<?>) cursor.get("nextBatch"));
            id = ((Number) cursor.get("id")).longValue();
        }
        return batches;
    }

    private static long bytes(List<?> batch) {
        long total = 0;
        for (Object d : batch) {
            ByteBuf buffer = Unpooled.buffer();
            BsonEncoder.encodeDocument((Document) d, buffer);
            total += buffer.readableBytes();
            buffer.release();
        }
        return total;
    }

    @Test
    void smallDocumentsComeInAFirstBatchOf101ThenTheRestOrTheClientsSize() {
        insert(300, 100);
        assertThat(find(null)).hasSize(101);
        assertThat(find(7)).hasSize(7);
        assertThat(find(250)).hasSize(250);
        List<List<?>> rest = rest(command("find", new Document("find", "c")));
        assertThat(rest).hasSize(1);
        assertThat(rest.get(0)).hasSize(199);
    }

    @Test
    void largeDocumentsComeInBatchesOfAtMost16MiBTheFirstAndEveryGetMore() {
        insert(40, 1024 * 1024);
        Document first = command("find", new Document("find", "c"));
        List<?> firstBatch = (List<?>) ((Document) first.get("cursor")).get("firstBatch");
        List<List<?>> batches = new ArrayList<>(List.of(firstBatch));
        batches.addAll(rest(first));
        assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(40);
        assertThat(batches).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(batch -> assertThat(bytes(batch)).isLessThanOrEqualTo(BoundedBatches.MAX_BATCH_BYTES));
        assertThat(firstBatch.size()).as("as many as fit").isEqualTo(15);
    }
}
