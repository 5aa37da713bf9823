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

    /**
     * For benchmarks: the store the standalone would run, chosen the same way ({@code RIGHTSFLOW_EMBEDDED_STORE} in
     * {@code env}: {@code disk}, the default, or {@code memory}), on a free loopback port. The disk store keeps its
     * file under {@code directory} and is committed as the standalone commits it (every second when due: every
     * {@code RIGHTSFLOW_CHECKPOINT_SECONDS}, 30 by default, or when 8 MB are uncommitted); closing the server closes it.
     */
    public static MongoServer start(java.util.Map<String, String> env, java.nio.file.Path directory) {
        String store = env.getOrDefault("RIGHTSFLOW_EMBEDDED_STORE", "disk").trim();
        if (store.equalsIgnoreCase("memory")) {
            return start();
        }
        if (!store.equalsIgnoreCase("disk") && !store.isEmpty()) {
            throw new IllegalArgumentException("RIGHTSFLOW_EMBEDDED_STORE must be memory or disk, not '" + store + "'");
        }
        dev.rightsflow.schemas.embedded.IndexedDiskBackend disk = dev.rightsflow.schemas.embedded.IndexedDiskBackend.open(directory);
        java.time.Duration every = java.time.Duration.ofSeconds(Long.parseLong(env.getOrDefault("RIGHTSFLOW_CHECKPOINT_SECONDS", "30")));
        java.util.concurrent.ScheduledExecutorService commits = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "in-process-mongo-commit");
            t.setDaemon(true);
            return t;
        });
        commits.scheduleWithFixedDelay(() -> disk.commitIfDue(every), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        MongoServer server = new MongoServer(disk) {
            @Override
            public void shutdownNow() {
                commits.shutdownNow();
                super.shutdownNow();
            }
        };
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
