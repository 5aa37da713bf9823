package dev.rightsflow.auditlog.cases.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.model.CaseKeyFacts;
import dev.rightsflow.auditlog.cases.mongo.MongoCaseStore;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * {@link CaseIndexTest} over the MongoDB case store ({@link MongoCaseStore}) on the in-process server's disk store,
 * the standalone's default (the memory store: {@link MemoryMongoCaseIndexTest}), through the real driver: the index is
 * loaded from the facts the store keeps beside each case, read by a projection; and from whole cases for cases
 * stored without them (by an earlier version), whose facts are then stored beside them.
 */
class MongoCaseIndexTest extends CaseIndexTest {

    private MongoServer server;
    private MongoClient client;
    private Path directory;

    /** The in-process server's store, as the standalone chooses it ({@code RIGHTSFLOW_EMBEDDED_STORE}). */
    String embeddedStore() {
        return "disk";
    }

    @Override
    CaseStore newStore() {
        try {
            directory = Files.createTempDirectory("case-index-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = InProcessMongo.start(Map.of("RIGHTSFLOW_EMBEDDED_STORE", embeddedStore()), directory.resolve("mongo"));
        client = MongoClients.create(InProcessMongo.uri(server));
        return new MongoCaseStore(client.getDatabase("audit-log"));
    }

    @AfterEach
    void stopServer() throws IOException {
        client.close();
        server.shutdownNow();
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void casesStoredWithoutTheirFactsAreLoadedFromTheWholeCasesAndTheirFactsStoredForTheNextStart() {
        fold(new Random(11), 60);
        MongoCollection<Document> cases = client.getDatabase("audit-log").getCollection("cases");
        // as an earlier version stored them: no facts, or facts of another format
        Mono.from(cases.updateMany(Filters.regex("_id", "^r-[0-9]*[02468]$"), Updates.unset("keyFacts"))).block();
        Mono.from(cases.updateMany(Filters.regex("_id", "^r-[0-9]*[13]$"),
                Updates.set("keyFacts", "{\"format\":0,\"requestId\":\"elsewhere\"}"))).block();
        assertThat(facts(cases)).hasSizeLessThan(60);

        CaseIndex loaded = new CaseIndex(new dev.rightsflow.auditlog.cases.model.CaseDeadline(
                dev.rightsflow.deadline.DeadlineEngine.withBundledHolidays()), new TestRegistry(), store(),
                dev.rightsflow.deadline.holidays.RefreshableBankHolidays.snapshotOnly());
        loaded.load().join();
        assertSameAnswers(new Random(12), loaded);
        // stored in the background: the load does not wait for these writes
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                facts(cases)).as("every case's facts stored again, as the fold would store them").hasSize(60));
        for (CaseKeyFacts facts : facts(cases)) {
            assertThat(facts).isEqualTo(CaseKeyFacts.of(store().find(facts.requestId()).join().orElseThrow()));
        }
    }

    /** The facts of the current format stored beside the cases. */
    private static List<CaseKeyFacts> facts(MongoCollection<Document> cases) {
        tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder()
                .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        List<CaseKeyFacts> all = new ArrayList<>();
        for (Document doc : Flux.from(cases.find()).collectList().block()) {
            if (doc.get("keyFacts") instanceof String json && json.startsWith("{\"format\":" + CaseKeyFacts.FORMAT + ",")) {
                all.add(mapper.readValue(json, CaseKeyFacts.class));
            }
        }
        return all;
    }
}
