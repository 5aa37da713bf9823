package dev.rightsflow.schemas.embedded;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.bson.Document;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * The in-process servers a test of the embedded backends starts, each with a real driver client; shut down after
 * each test (register with {@code @RegisterExtension}).
 */
final class WireServers implements AfterEachCallback {

    private final List<MongoServer> servers = new ArrayList<>();
    private final List<MongoClient> clients = new ArrayList<>();

    /** Binds {@code server} on a free port and returns a collection of database {@code test} through a new client. */
    MongoCollection<Document> collection(MongoServer server, String name) {
        servers.add(server);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        MongoClient client = MongoClients.create(InProcessMongo.uri(server));
        clients.add(client);
        return client.getDatabase("test").getCollection(name);
    }

    /** The client of the server started last. */
    MongoClient lastClient() {
        return clients.get(clients.size() - 1);
    }

    /** Closes the client of the server started last, then runs {@code beforeShutdown} and shuts that server down. */
    void stopLast(Runnable beforeShutdown) {
        clients.remove(clients.size() - 1).close();
        MongoServer server = servers.remove(servers.size() - 1);
        beforeShutdown.run();
        server.shutdownNow();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        clients.forEach(MongoClient::close);
        servers.forEach(MongoServer::shutdownNow);
        clients.clear();
        servers.clear();
    }
}
