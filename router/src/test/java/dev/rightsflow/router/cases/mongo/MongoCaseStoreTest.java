package dev.rightsflow.router.cases.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import reactor.core.publisher.Mono;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.cases.model.CasePhase;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * The router's cases as stored: a case reads back as it was saved (the state one JSON text beside the fields its
 * queries need), a case an earlier version stored as a nested document still reads, is found by the queries and is
 * written as text at its next save, and a save over a stale version changes nothing.
 */
class MongoCaseStoreTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private MongoServer server;
    private MongoClient client;
    private MongoCaseStore store;
    private MongoCollection<Document> documents;

    @BeforeEach
    void start() {
        server = InProcessMongo.start();
        client = MongoClients.create(InProcessMongo.uri(server));
        store = new MongoCaseStore(client.getDatabase("router"), new RegistryCodec().json());
        documents = client.getDatabase("router").getCollection(MongoCaseStore.COLLECTION);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aSavedCaseReadsBackAsItWasWithItsStateAsOneText() {
        CaseState c = closedOverOpenDsr("req-1");
        c.statutoryDeadline = LocalDate.parse("2026-12-31");
        c.processedEventIds.addAll(List.of("e-1", "e-2"));
        byte[] request = {1, 2, 3};

        assertThat(store.saveAll(List.of(new CaseStore.StoredCase(c, request)))).isTrue();

        CaseStore.StoredCase read = store.loadAll(List.of("req-1")).get("req-1");
        assertThat(read.state().phase).isEqualTo(c.phase);
        assertThat(read.state().statutoryDeadline).isEqualTo(c.statutoryDeadline);
        assertThat(read.state().processedEventIds).containsExactly("e-1", "e-2");
        assertThat(read.state().forwardingMode).isEqualTo(ForwardingMode.OPENDSR);
        assertThat(read.state().version).isEqualTo(1);
        assertThat(read.requestEvent()).containsExactly(1, 2, 3);
        Document raw = Mono.from(documents.find(new Document("_id", "req-1")).first()).block(TIMEOUT);
        assertThat(raw.get("state")).isInstanceOf(String.class);
        assertThat(raw.getString("status")).isEqualTo("CLOSED");
        assertThat(raw.getString("forwardingMode")).isEqualTo("OPENDSR");
        assertThat(store.closedOverOpenDsrWithoutCancellation()).extracting(s -> s.requestId).containsExactly("req-1");
    }

    @Test
    void aCaseStoredAsANestedDocumentByAnEarlierVersionReadsIsFoundAndIsWrittenAsTextNext() {
        CaseState old = closedOverOpenDsr("req-old");
        assertThat(store.saveAll(List.of(new CaseStore.StoredCase(old, null)))).isTrue();
        // as an earlier version stored it: the same JSON parsed into a nested document, no query fields beside it
        Document text = Mono.from(documents.find(new Document("_id", "req-old")).first()).block(TIMEOUT);
        Mono.from(documents.replaceOne(new Document("_id", "req-old"), new Document("_id", "req-old")
                .append("version", 3L).append("status", "CLOSED").append("controllerId", "northshire")
                .append("forwardedBy", null).append("awaitingReconciliation", false)
                .append("state", Document.parse(text.getString("state"))).append("request", null))).block(TIMEOUT);

        CaseStore.StoredCase read = store.load("req-old").orElseThrow();
        assertThat(read.state().phase).isEqualTo(old.phase);
        assertThat(read.state().version).isEqualTo(3);
        assertThat(store.closedOverOpenDsrWithoutCancellation()).extracting(s -> s.requestId).containsExactly("req-old");

        read.state().externalCancellation = "confirmed";
        assertThat(store.saveAll(List.of(read))).isTrue();
        Document raw = Mono.from(documents.find(new Document("_id", "req-old")).first()).block(TIMEOUT);
        assertThat(raw.get("state")).isInstanceOf(String.class);
        assertThat(raw.get("version", Number.class).longValue()).isEqualTo(4);
        assertThat(store.load("req-old").orElseThrow().state().externalCancellation).isEqualTo("confirmed");
        assertThat(store.closedOverOpenDsrWithoutCancellation()).isEmpty();
    }

    @Test
    void aSaveOverAStaleVersionChangesNothing() {
        CaseState c = closedOverOpenDsr("req-2");
        assertThat(store.saveAll(List.of(new CaseStore.StoredCase(c, null)))).isTrue();
        CaseStore.StoredCase first = store.load("req-2").orElseThrow();
        CaseStore.StoredCase second = store.load("req-2").orElseThrow();
        first.state().externalCancellation = "confirmed";
        assertThat(store.saveAll(List.of(first))).isTrue();

        second.state().externalCancellation = "not confirmed";
        assertThat(store.saveAll(List.of(second))).isFalse();

        assertThat(store.loadAll(List.of("req-2"))).extractingFromEntries(e -> e.getValue().state().externalCancellation)
                .containsExactly("confirmed");
        assertThat(store.load("req-2").orElseThrow().state().version).isEqualTo(2);
    }

    private static CaseState closedOverOpenDsr(String requestId) {
        CaseState c = new CaseState(requestId);
        c.receivedAt = Instant.parse("2026-12-01T09:00:00Z");
        c.controllerId = "northshire";
        c.forwardingMode = ForwardingMode.OPENDSR;
        c.phase = new CasePhase.Closed("withdrawn", Instant.parse("2026-12-02T09:00:00Z"), CasePhase.received());
        return c;
    }
}
