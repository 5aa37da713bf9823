package dev.rightsflow.schemas.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reading a collection bigger than one wire message through the real driver, on both embedded backends. Found
 * with 10,000 requests in the history: a plain {@code find()} over one collection came back as a single 173 MB
 * reply, which the driver refuses (its limit is 48 MB), because the in-process server put every document in the
 * first batch. MongoDB sends a first batch of 101 documents and then batches of up to 16 MiB; so must the
 * embedded store, while a client's own batch size and limit are kept.
 */
class LargeResultsTest {

    /** About 60 MB in all: more than a wire message may carry (48 MB). */
    private static final int DOCUMENTS = 60;
    private static final String ONE_MEGABYTE = "x".repeat(1024 * 1024);

    @TempDir
    Path dir;

    @RegisterExtension
    final WireServers wire = new WireServers();

    private static void fill(MongoCollection<Document> c) {
        List<Document> docs = new ArrayList<>();
        IntStream.range(0, DOCUMENTS).forEach(i -> docs.add(new Document("_id", i).append("body", ONE_MEGABYTE)));
        for (Document d : docs) {
            Mono.from(c.insertOne(d)).block();
        }
    }

    private static void readsItAll(MongoCollection<Document> c) {
        fill(c);

        List<Integer> ids = Flux.from(c.find()).map(d -> d.getInteger("_id")).collectList().block();
        assertThat(ids).hasSize(DOCUMENTS).doesNotHaveDuplicates();

        // a client's own batch size and limit are kept: 7 a batch, 20 in all
        List<Integer> limited = Flux.from(c.find().sort(new Document("_id", 1)).batchSize(7).limit(20))
                .map(d -> d.getInteger("_id")).collectList().block();
        assertThat(limited).containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());

        // and a small result still comes back whole, in its first batch
        assertThat(Mono.from(c.find(new Document("_id", 42))).map(d -> d.getString("body").length()).block())
                .isEqualTo(ONE_MEGABYTE.length());
    }

    @Test
    void theMemoryStoreSendsACollectionBiggerThanAWireMessageInBatches() {
        readsItAll(wire.collection(new MongoServer(new IndexedMemoryBackend()), "big"));
    }

    @Test
    void theDiskStoreSendsACollectionBiggerThanAWireMessageInBatches() {
        readsItAll(wire.collection(new MongoServer(IndexedDiskBackend.open(dir)), "big"));
    }
}
