package dev.rightsflow.intake.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.intake.model.CaseFact;
import dev.rightsflow.intake.model.Channel;
import dev.rightsflow.intake.model.RequestStatus;
import dev.rightsflow.intake.model.RightType;
import dev.rightsflow.intake.model.Verification;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * The citizen-status view through the real driver against the in-process server: once the store
 * knows a request, a fact costs one round trip that examines one document (the replace on
 * {@code _id} and version), a fact already folded in costs none, and a second writer on the same
 * documents (another intake instance) loses nothing: a stale version is read again and folded.
 */
class MongoStatusStoreTest {

    private final IndexedMemoryBackend backend = new IndexedMemoryBackend();
    private final AtomicLong commands = new AtomicLong();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private MongoServer server;
    private MongoClient client;

    @BeforeEach
    void start() {
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(InProcessMongo.uri(server)))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.incrementAndGet();
                    }
                }).build());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    private MongoStatusStore store() {
        return new MongoStatusStore(client.getDatabase("status-test"));
    }

    private CaseFact.Received received(String requestId) {
        return new CaseFact.Received("ev-received-" + requestId, now, requestId, "token-hash", "ecs", null, RightType.ACCESS,
                Channel.WEB_FORM, now, Verification.NONE, LocalDate.of(2027, 1, 4), null, "fingerprint", null, null);
    }

    @Test
    void aKnownRequestTakesOneRoundTripPerFactAndARepeatedFactNone() {
        MongoStatusStore store = store();
        for (int i = 0; i < 500; i++) {
            store.apply("other-" + i, received("other-" + i)).block();
        }
        store.apply("r-1", received("r-1")).block();

        long commandsBefore = commands.get();
        long examinedBefore = backend.documentsExamined();
        store.apply("r-1", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        store.apply("r-1", new CaseFact.ReadyToAnswer("ev-ready", now.plusSeconds(2), "done")).block();
        assertThat(commands.get() - commandsBefore).as("round trips for two facts").isEqualTo(2);
        assertThat(backend.documentsExamined() - examinedBefore).as("documents examined for two facts").isEqualTo(2);

        commandsBefore = commands.get();
        RequestStatus again = store.apply("r-1", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        assertThat(commands.get() - commandsBefore).as("a fact already folded in writes nothing").isZero();
        assertThat(again.accepted()).isTrue();

        RequestStatus stored = store().find("r-1").block().orElseThrow();
        assertThat(stored.accepted()).isTrue();
        assertThat(stored.readySummary()).isEqualTo("done");
        assertThat(stored.appliedEventIds()).containsExactly("ev-received-r-1", "ev-accepted", "ev-ready");
    }

    @Test
    void anotherWritersChangeIsFoldedInNotOverwritten() {
        MongoStatusStore first = store();
        MongoStatusStore second = store();
        first.apply("r-2", received("r-2")).block();
        second.apply("r-2", new CaseFact.Accepted("ev-accepted", now.plusSeconds(1))).block();
        // the first store remembers the version before the second wrote: its replace misses, it reads again and folds
        first.apply("r-2", new CaseFact.ReadyToAnswer("ev-ready", now.plusSeconds(2), "done")).block();
        first.forgetFingerprint("r-2").block();
        first.apply("r-2", new CaseFact.Closed("ev-closed", now.plusSeconds(3), "ANSWERED", "answered")).block();

        RequestStatus stored = store().find("r-2").block().orElseThrow();
        assertThat(stored.accepted()).as("the second writer's fact").isTrue();
        assertThat(stored.readySummary()).isEqualTo("done");
        assertThat(stored.fingerprint()).as("forgotten, and not written back from memory").isNull();
        assertThat(stored.appliedEventIds()).containsExactly("ev-received-r-2", "ev-accepted", "ev-ready", "ev-closed");
    }
}
