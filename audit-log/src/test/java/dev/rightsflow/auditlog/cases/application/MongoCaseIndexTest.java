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

    /**
     * A pass over every open case (the alert scan's read) hands each matching case once, over more than one batch,
     * and never asks the server for whole cases by a query over the collection: the in-process server builds such a
     * query's whole result before its first batch and keeps it until read, so that would hold every open case in the
     * server for the whole pass (a 90,000-request burst ran the standalone out of heap so). It reads the ids, then the
     * cases a batch of ids at a time.
     */
    @Test
    void aPassOverEveryOpenCaseHandsEachOnceAndReadsWholeCasesOnlyByBatchesOfIds() {
        fold(new Random(21), 1_100);
        List<org.bson.BsonDocument> finds = java.util.Collections.synchronizedList(new ArrayList<>());
        try (MongoClient watched = MongoClients.create(com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(InProcessMongo.uri(server)))
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        if (event.getCommandName().equals("find")) {
                            finds.add(event.getCommand().clone());
                        }
                    }
                }).build())) {
            MongoCaseStore passing = new MongoCaseStore(watched.getDatabase("audit-log"));
            MongoCollection<Document> cases = client.getDatabase("audit-log").getCollection("cases");
            for (String organisation : java.util.Arrays.asList(null, ORGS.get(0))) {
                List<String> expected = new ArrayList<>();
                for (Document doc : Flux.from(cases.find()).collectList().block()) {
                    var file = store().find(doc.getString("_id")).join().orElseThrow();
                    if (file.status.open() && (organisation == null || file.organisations().contains(organisation))) {
                        expected.add(file.requestId);
                    }
                }
                List<String> handed = java.util.Collections.synchronizedList(new ArrayList<>());
                passing.visibleTo(organisation, true, file -> handed.add(file.requestId)).join();
                assertThat(handed).as("open cases visible to " + organisation).doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(expected);
                assertThat(expected).hasSizeGreaterThan(organisation == null ? 500 : 0);
            }
        }
        assertThat(finds).isNotEmpty().allSatisfy(find -> {
            org.bson.BsonDocument filter = find.getDocument("filter", new org.bson.BsonDocument());
            boolean idsOnly = find.containsKey("projection")
                    && find.getDocument("projection").keySet().equals(java.util.Set.of("_id"));
            boolean byIds = filter.keySet().equals(java.util.Set.of("_id")) && filter.get("_id").isDocument()
                    && filter.getDocument("_id").containsKey("$in");
            assertThat(idsOnly || byIds).as("a read of ids only, or of cases by their ids: " + find.toJson()).isTrue();
            if (byIds) {
                assertThat(filter.getDocument("_id").getArray("$in")).as("one batch").hasSizeLessThanOrEqualTo(500);
            }
        });
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
