package dev.rightsflow.router.cases.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.router.cases.application.CaseStore.StoredCase;
import dev.rightsflow.router.cases.model.CasePhase;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Flux;

/**
 * The cases in a status, read a page at a time (issue 9: one query over them all made the in-process server hold
 * every matching case at once), are the cases one query over the status index answers, in its order, on both
 * embedded stores.
 */
class MongoCaseStorePagesTest {

    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0} store")
    @ValueSource(strings = {"memory", "disk"})
    void theCasesInAStatusReadByPageAreThoseOneQueryAnswers(String store) {
        MongoServer server = InProcessMongo.start(Map.of("RIGHTSFLOW_EMBEDDED_STORE", store), directory);
        try (MongoClient client = MongoClients.create(InProcessMongo.uri(server))) {
            var database = client.getDatabase("router");
            MongoCaseStore cases = new MongoCaseStore(database, new RegistryCodec().json());
            List<StoredCase> all = new ArrayList<>();
            for (int i = 0; i < 1_234; i++) {
                CaseState c = new CaseState(String.format("req-%05d", (i * 7_919) % 10_000)); // ids not in insertion order
                if (i % 3 == 0) {
                    c.triageReason = "no organisation could be told apart " + i;
                } else if (i % 3 == 1) {
                    c.phase = new CasePhase.Closed("answered " + i, Instant.parse("2026-01-30T10:00:00Z"), c.phase);
                }
                all.add(new StoredCase(c, null));
            }
            assertThat(cases.saveAll(all)).isTrue();

            for (CaseState.Status status : List.of(CaseState.Status.TRIAGE, CaseState.Status.CLOSED,
                    CaseState.Status.RECEIVED, CaseState.Status.IN_PROGRESS)) {
                // what one query over the status index answers (the read before the pages), in its order
                List<Document> expected = Flux.from(database.getCollection(MongoCaseStore.COLLECTION)
                        .find(Filters.eq("status", status.name()))).collectList().block();

                List<List<CaseState>> pages = new ArrayList<>();
                cases.inStatusByPage(status, 100, pages::add);
                List<CaseState> paged = pages.stream().flatMap(List::stream).toList();

                assertThat(paged).extracting(c -> c.requestId).as(status.name())
                        .containsExactlyElementsOf(expected.stream().map(d -> d.getString("_id")).toList());
                assertThat(paged).extracting(c -> c.triageReason)
                        .containsExactlyElementsOf(expected.stream().map(d -> triageReason(d.get("state"))).toList());
                assertThat(pages).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(100));
                assertThat(cases.inStatus(status)).extracting(c -> c.requestId)
                        .containsExactlyElementsOf(paged.stream().map(c -> c.requestId).toList());
                if (status != CaseState.Status.IN_PROGRESS) {
                    assertThat(pages).as("more than one page").hasSizeGreaterThan(1);
                    assertThat(paged).hasSizeGreaterThan(400).allSatisfy(c -> assertThat(c.status()).isEqualTo(status));
                } else {
                    assertThat(pages).isEmpty();
                }
            }
        } finally {
            server.shutdownNow();
        }
    }

    /** The case's triage reason as stored: a JSON text (a nested document before the thirteenth session). */
    private static String triageReason(Object state) {
        if (state instanceof Document nested) {
            return nested.getString("triageReason");
        }
        tools.jackson.databind.JsonNode reason = new tools.jackson.databind.ObjectMapper().readTree((String) state).get("triageReason");
        return reason == null || reason.isNull() ? null : reason.asString();
    }
}
