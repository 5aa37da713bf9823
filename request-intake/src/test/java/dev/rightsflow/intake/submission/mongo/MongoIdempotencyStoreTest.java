package dev.rightsflow.intake.submission.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.intake.submission.application.IdempotencyStore.Claim;
import dev.rightsflow.intake.submission.model.Receipt;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.schemas.testing.InProcessMongo;

/** The idempotency records through the real driver against the in-process MongoDB-wire server. */
class MongoIdempotencyStoreTest {

    static MongoServer server;
    static MongoClient client;
    static MongoIdempotencyStore store;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void start() {
        server = InProcessMongo.start();
        client = MongoClients.create(InProcessMongo.uri(server));
        store = new MongoIdempotencyStore(client.getDatabase("idempotency-test"));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    Receipt receipt(String requestId) {
        return new Receipt(requestId, "the-token", now, LocalDate.of(2027, 1, 4), Verification.NONE, null);
    }

    /** What a record holds: the receipt without its token, which is derived again when answering. */
    Receipt stored(String requestId) {
        return new Receipt(requestId, null, now, LocalDate.of(2027, 1, 4), Verification.NONE, null);
    }

    @Test
    void firstClaimWinsAndOthersSeeItInProgressThenItsReceiptWithoutToken() {
        assertThat(store.claim("r-1", "public", "k-1", "digest-1", now, now.plusSeconds(60)).block()).isInstanceOf(Claim.Claimed.class);
        assertThat(store.claim("r-1", "public", "k-1", "digest-1", now, now.plusSeconds(60)).block())
                .isEqualTo(new Claim.Existing("digest-1", null));
        store.complete("r-1", receipt("r-1")).block();
        Claim later = store.claim("r-1", "public", "k-1", "digest-2", now.plusSeconds(3600), now.plusSeconds(3660)).block();
        assertThat(later).isEqualTo(new Claim.Existing("digest-1", stored("r-1")));
    }

    @Test
    void claimWhoseLeaseRanOutIsTakenOverButAPublishedOneNever() {
        store.claim("r-2", "public", "k-2", "digest-1", now, now.plusSeconds(60)).block();
        assertThat(store.claim("r-2", "public", "k-2", "digest-1", now.plusSeconds(61), now.plusSeconds(121)).block())
                .isInstanceOf(Claim.Claimed.class);
        store.complete("r-2", receipt("r-2")).block();
        assertThat(store.claim("r-2", "public", "k-2", "digest-1", now.plusSeconds(600), now.plusSeconds(660)).block())
                .isInstanceOf(Claim.Existing.class);
    }

    @Test
    void releaseGivesBackOnlyAnUnpublishedClaim() {
        store.claim("r-3", "public", "k-3", "digest-1", now, now.plusSeconds(60)).block();
        store.release("r-3").block();
        assertThat(store.claim("r-3", "public", "k-3", "digest-2", now, now.plusSeconds(60)).block()).isInstanceOf(Claim.Claimed.class);
        store.complete("r-3", receipt("r-3")).block();
        store.release("r-3").block();
        assertThat(store.claim("r-3", "public", "k-3", "digest-2", now, now.plusSeconds(60)).block())
                .isEqualTo(new Claim.Existing("digest-2", stored("r-3")));
    }

    @Test
    void recordRebuiltFromTheTopicAnswersARetryAndSettlesAClaimInFlight() {
        store.remember("r-4", "digest-4", receipt("r-4")).block();
        store.remember("r-4", "digest-4", receipt("r-4")).block();
        assertThat(store.claim("r-4", "public", "k-4", "digest-4", now, now.plusSeconds(60)).block())
                .isEqualTo(new Claim.Existing("digest-4", stored("r-4")));

        store.claim("r-5", "public", "k-5", "digest-5", now, now.plusSeconds(60)).block();
        store.remember("r-5", "digest-5", receipt("r-5")).block();
        // published, so never taken over however late the retry comes
        assertThat(store.claim("r-5", "public", "k-5", "digest-5", now.plusSeconds(3600), now.plusSeconds(3660)).block())
                .isEqualTo(new Claim.Existing("digest-5", stored("r-5")));
    }

    @Test
    void aBatchRemembersEachKeyedRequestAsOneAtATimeAndAgainChangesNothing() {
        store.claim("batch-1", "public", "k-b1", "digest-b1", now, now.plusSeconds(60)).block();
        java.util.List<dev.rightsflow.intake.submission.application.IdempotencyStore.Remembered> batch = java.util.List.of(
                new dev.rightsflow.intake.submission.application.IdempotencyStore.Remembered("batch-1", "digest-b1", receipt("batch-1")),
                new dev.rightsflow.intake.submission.application.IdempotencyStore.Remembered("batch-2", "digest-b2", receipt("batch-2")));
        assertThat(store.rememberAll(batch).block().results()).containsExactly("batch-1", "batch-2");
        assertThat(store.rememberAll(batch).block().failure()).as("delivered again").isNull();

        assertThat(store.claim("batch-1", "public", "k-b1", "digest-b1", now, now.plusSeconds(60)).block())
                .as("the claimed one completed from the topic").isEqualTo(new Claim.Existing("digest-b1", stored("batch-1")));
        assertThat(store.claim("batch-2", "public", "k-b2", "digest-x", now, now.plusSeconds(60)).block())
                .as("one known only from the topic").isEqualTo(new Claim.Existing("digest-b2", stored("batch-2")));
    }
}
