package dev.rightsflow.auditlog.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.model.AnchorSeal;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.trail.model.ChainVerification;
import dev.rightsflow.auditlog.trail.mongo.MongoAuditStore;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Mono;

/**
 * An anchor records a bounded number of chains' heads (a document of MongoDB has at most 16 MB): when more chains
 * changed since they were last anchored, one run writes several anchors, each with at most that many heads and each
 * witnessed before the next is made, until every changed chain is anchored; every chain then verifies against an
 * anchor whose seal holds. Before, one anchor recorded every changed chain: 91,051 heads at the twentieth minute of
 * a burst, some 14 MB in one document, and no anchor at all past about 110,000. Through the real driver on the
 * in-process server's disk store, with a limit of 10 heads an anchor for the test (5,000 in the product).
 */
class AnchorBatchesTest {

    private static final int LIMIT = 10;

    @TempDir
    Path directory;

    private MongoServer server;
    private MongoClient client;
    private MongoAuditStore store;
    private AuditTrail trail;

    @BeforeEach
    void start() {
        server = InProcessMongo.start(Map.of("RIGHTSFLOW_EMBEDDED_STORE", "disk"), directory.resolve("mongo"));
        client = MongoClients.create(InProcessMongo.uri(server));
        store = new MongoAuditStore(client.getDatabase("audit-log"));
        store.createIndexes().block();
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
        trail = new AuditTrail(store, clock, new AnchorSeal("an anchor key of the test, long enough".getBytes()),
                chain -> Mono.just(new TreeMap<>()), LIMIT);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void moreChangedChainsThanAnAnchorHoldsMakeSeveralAnchorsThatTogetherAnchorEveryChain() {
        Set<String> chains = new TreeSet<>();
        for (int i = 0; i < 35; i++) {
            String chain = "request-" + i;
            chains.add(chain);
            append(chain, "opened-" + i);
            append(chain, "planned-" + i);
        }

        List<AuditEntry> witnessed = new ArrayList<>();
        List<AuditEntry> anchors = trail.anchorAll(anchor -> Mono.fromRunnable(() -> witnessed.add(anchor)))
                .collectList().block();

        assertThat(anchors).extracting(AnchorBatchesTest::heads).as("heads of each anchor").containsExactly(10, 10, 10, 5);
        assertThat(witnessed).as("each anchor witnessed, in order").containsExactlyElementsOf(anchors);
        Set<String> anchored = new TreeSet<>();
        for (AuditEntry anchor : anchors) {
            for (Object head : (List<?>) anchor.payload().get("heads")) {
                assertThat(anchored.add((String) ((Map<?, ?>) head).get("chain"))).as("a chain in one anchor only").isTrue();
                assertThat(((Map<?, ?>) head).get("sequence")).as("the head anchored").isEqualTo(2L);
            }
        }
        assertThat(anchored).isEqualTo(chains);
        for (String chain : chains) {
            ChainVerification verified = trail.verify(chain).block();
            assertThat(verified).as(chain).isInstanceOf(ChainVerification.Intact.class);
            assertThat(((ChainVerification.Intact) verified).anchorsChecked()).as(chain + ": anchors checked").isEqualTo(1);
        }

        assertThat(trail.anchorAll(anchor -> Mono.empty()).collectList().block()).as("nothing changed since").isEmpty();

        // exactly two anchors' worth: the second anchor is full, the third finds nothing and the run ends
        for (int i = 0; i < 20; i++) {
            append("request-" + i, "closed-" + i);
        }
        assertThat(trail.anchorAll(anchor -> Mono.empty()).collectList().block())
                .extracting(AnchorBatchesTest::heads).containsExactly(10, 10);
        assertThat(((ChainVerification.Intact) trail.verify("request-3").block()).anchorsChecked())
                .as("the chain's two anchors").isEqualTo(2);
    }

    private void append(String chain, String eventId) {
        Instant at = Instant.parse("2026-12-02T09:00:00Z");
        trail.append(new AuditEntry(chain, 0, eventId, "CaseOpened", "rightsflow.cases", at, at, "SYSTEM", "router", null,
                Map.of("step", eventId), null, null, null)).block();
    }

    private static int heads(AuditEntry anchor) {
        return ((List<?>) anchor.payload().get("heads")).size();
    }
}
