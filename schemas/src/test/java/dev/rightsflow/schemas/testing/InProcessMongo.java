package dev.rightsflow.schemas.testing;

import java.net.InetSocketAddress;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.embedded.IndexedMemoryBackend;

/**
 * Test support shared by the services (schemas test-jar): starts the in-process MongoDB-wire
 * server on a free port for one Spring test context and points {@code spring.mongodb.uri} at it.
 * Use with {@code @ContextConfiguration(initializers = InProcessMongo.class)}. The services then
 * talk to it through the real reactive-streams driver.
 */
public final class InProcessMongo implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Starts a server on a free loopback port; the caller shuts it down. */
    public static MongoServer start() {
        MongoServer server = new MongoServer(new IndexedMemoryBackend());
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return server;
    }

    public static String uri(MongoServer server) {
        InetSocketAddress address = server.getLocalAddress();
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        MongoServer server = start();
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                server.shutdownNow();
            }
        });
        TestPropertyValues.of("spring.mongodb.uri=" + uri(server)).applyTo(context);
    }
}
