package dev.rightsflow.intake.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
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
import dev.rightsflow.intake.application.BatchWritten;
import dev.rightsflow.intake.application.DuplicateRegister.Registration;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * The duplicate register through the real driver against the in-process server: a batch (the requests a poll of
 * the status listener folds) is one {@code _id $in} read and one bulk write with the outcome of registering its
 * requests one at a time (the first of a window stays first, an older holder is taken over, a second one is linked
 * to the first), and delivered again after a restart it writes nothing.
 */
class MongoDuplicateRegisterTest {

    private static final Duration WINDOW = Duration.ofDays(30);

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

    private Registration registration(String fingerprint, String requestId, Instant at) {
        return new Registration(fingerprint, requestId, at, at.minus(WINDOW));
    }

    @Test
    void aBatchRegistersAsOneAtATimeInOneReadAndOneWriteAndAgainWritesNothing() {
        MongoDuplicateRegister register = new MongoDuplicateRegister(client.getDatabase("duplicates-test"));
        // a request from long ago holds fp-old: the window has passed, the next one takes it over
        register.firstOrRegister("fp-old", "r-0", now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(120))).block();
        List<Registration> batch = List.of(
                registration("fp-old", "r-1", now),
                registration("fp-new", "r-2", now),
                registration("fp-new", "r-3", now.plusSeconds(1)),
                registration("fp-old", "r-1", now));

        long commandsBefore = commands.get();
        long examinedBefore = backend.documentsExamined();
        BatchWritten<Optional<String>> written = register.registerAll(batch).block();
        assertThat(written.failure()).isNull();
        assertThat(written.results()).as("first, first, a duplicate of r-2, still first")
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of("r-2"), Optional.empty());
        // the bulk write goes as one insert and one update command (the driver's split of an unordered bulk by kind)
        assertThat(commands.get() - commandsBefore).as("one read, one bulk write").isEqualTo(3);
        assertThat(backend.documentsExamined() - examinedBefore).as("the one stored fingerprint, twice by _id").isEqualTo(2);

        // what one at a time then answers: the holders are those the batch decided
        assertThat(register.firstOrRegister("fp-old", "r-9", now.plusSeconds(5), now.minus(WINDOW)).block()).contains("r-1");
        assertThat(register.firstOrRegister("fp-new", "r-9", now.plusSeconds(5), now.minus(WINDOW)).block()).contains("r-2");

        // delivered again after a restart: the same answers, one read, nothing written
        MongoDuplicateRegister restarted = new MongoDuplicateRegister(client.getDatabase("duplicates-test"));
        commandsBefore = commands.get();
        assertThat(restarted.registerAll(batch).block().results()).isEqualTo(written.results());
        assertThat(commands.get() - commandsBefore).isEqualTo(1);
    }
}
