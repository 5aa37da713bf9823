package dev.rightsflow.schemas.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.testing.InProcessMongo;

/** MongoDB health by ping: UP on the in-process server (which has no {@code hello}), DOWN with a one-line reason when nothing answers. */
class MongoPingHealthIndicatorTest {

    @Test
    void theInProcessServerIsUp() {
        MongoServer server = InProcessMongo.start();
        try (MongoClient client = MongoClients.create(InProcessMongo.uri(server))) {
            Health health = new MongoPingHealthIndicator(client, Duration.ofSeconds(5)).health().block(Duration.ofSeconds(10));
            assertThat(health.getStatus()).isEqualTo(Status.UP);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsDownWithAOneLineReason() {
        MongoServer server = InProcessMongo.start();
        String uri = InProcessMongo.uri(server);
        server.shutdownNow();
        MongoClientSettings settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(1, java.util.concurrent.TimeUnit.SECONDS)).build();
        try (MongoClient client = MongoClients.create(settings)) {
            Health health = new MongoPingHealthIndicator(client, Duration.ofSeconds(5)).health().block(Duration.ofSeconds(10));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).isNotBlank().doesNotContain("\n");
        }
    }
}
