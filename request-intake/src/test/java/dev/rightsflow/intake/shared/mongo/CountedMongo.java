package dev.rightsflow.intake.shared.mongo;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * For the store tests that count what a write costs: the in-process server on a free port and a real driver client
 * that counts the commands it sends (round trips; the index declarations stores make in the background when built
 * are left out) and the documents the server's queries examine.
 */
public final class CountedMongo implements AutoCloseable {

    private final IndexedMemoryBackend backend = new IndexedMemoryBackend();
    private final AtomicLong commands = new AtomicLong();
    private final MongoServer server;
    private final MongoClient client;

    public CountedMongo() {
        server = new MongoServer(backend);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(InProcessMongo.uri(server)))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (!event.getCommandName().equals("createIndexes")) {
                            commands.incrementAndGet();
                        }
                    }
                }).build());
    }

    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** Commands sent so far. */
    public long commands() {
        return commands.get();
    }

    /** Documents the server's queries have examined so far. */
    public long documentsExamined() {
        return backend.documentsExamined();
    }

    @Override
    public void close() {
        client.close();
        server.shutdownNow();
    }
}
