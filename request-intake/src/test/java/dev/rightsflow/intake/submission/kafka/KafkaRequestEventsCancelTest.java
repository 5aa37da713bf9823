package dev.rightsflow.intake.submission.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.crypto.SecretKey;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import dev.rightsflow.intake.request.model.AcceptedRequest;
import dev.rightsflow.intake.request.model.Channel;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.request.model.Subject;
import dev.rightsflow.intake.request.model.Submission;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;
import dev.rightsflow.schemas.privacy.KeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;

/**
 * A client that goes away while its request is being published (its connection cut, its own timeout) cancels the
 * publish's subscription. The publish runs to its end all the same: the request's data key is stored and its
 * {@code RequestReceived} reaches the topic, so the client's retry with its Idempotency-Key finds it; nothing is
 * interrupted and no error is dropped. Before, the cancel interrupted the thread storing the data key: "interrupted
 * while storing a data key" logged as an error Reactor dropped, a key without its event.
 */
@EmbeddedKafka(partitions = 1)
class KafkaRequestEventsCancelTest {

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    @AfterEach
    void resetHooks() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void aPublishWhoseCallerWentAwayRunsToItsEndUninterrupted(EmbeddedKafkaBroker broker) throws Exception {
        Hooks.onErrorDropped(dropped::add);
        KafkaSettings settings = KafkaSettings.of(broker.getBrokersAsString());
        TopicAdmin.ensure(settings, List.of());
        KafkaTemplate<String, Object> template = Eventing.template(settings, "cancel-test");
        StalledKeys keys = new StalledKeys(KafkaKeyStore.shared(settings));
        KafkaRequestEvents events = new KafkaRequestEvents(template, new SimpleMeterRegistry(), keys);
        String requestId = UUID.randomUUID().toString(); // made at random: its data key is made new

        Disposable subscription = events.received(request(requestId)).subscribe(done -> { }, failed -> { });
        assertThat(keys.entered.await(30, TimeUnit.SECONDS)).as("the data key is being stored").isTrue();
        subscription.dispose(); // the client went away
        keys.release.countDown();

        try (Consumer<String, SpecificRecord> consumer = Eventing.consumerFactory(settings, "cancel-test-reader")
                .createConsumer()) {
            consumer.subscribe(List.of(Topics.REQUESTS));
            List<ConsumerRecord<String, SpecificRecord>> published = new CopyOnWriteArrayList<>();
            await("the request on its topic").atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(published::add);
                return published.stream().anyMatch(r -> requestId.equals(r.key()));
            });
            ConsumerRecord<String, SpecificRecord> record = published.stream().filter(r -> requestId.equals(r.key()))
                    .findFirst().orElseThrow();
            assertThat(record.value()).isInstanceOf(RequestReceived.class);
            assertThat(((RequestReceived) record.value()).getSubject().getEmail())
                    .as("the personal data sealed with the key stored meanwhile, and opened with it")
                    .isEqualTo("robin.cancel@example.org");
        }
        assertThat(keys.interrupted).as("the thread storing the data key was interrupted").isFalse();
        assertThat(keys.find(requestId)).as("the request's data key").isPresent();
        assertThat(dropped).as("errors Reactor dropped").isEmpty();
    }

    private static AcceptedRequest request(String requestId) {
        Instant now = Instant.now();
        Submission submission = new Submission(RightType.ERASURE,
                new Subject("Robin Cancel", "robin.cancel@example.org", null, null, Map.of()), "mes",
                "northshire-membership", null,
                new RightDetails("please delete my data", null, null, null, null, false, null, List.of()));
        return new AcceptedRequest(requestId, submission, Channel.API, "api-client-test", now, now, null, Verification.NONE,
                LocalDate.now().plusMonths(1), null, null);
    }

    /** The real key store, whose first new key waits until the test lets it go (the caller has cancelled by then). */
    private static final class StalledKeys implements KeyStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean interrupted;
        private final KeyStore real;
        private final AtomicBoolean first = new AtomicBoolean(true);

        StalledKeys(KeyStore real) {
            this.real = real;
        }

        @Override
        public SecretKey newKeyFor(String requestId) {
            if (first.getAndSet(false)) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while storing a data key", e);
                }
            }
            return real.newKeyFor(requestId);
        }

        @Override
        public SecretKey keyFor(String requestId) {
            return real.keyFor(requestId);
        }

        @Override
        public Optional<SecretKey> find(String requestId) {
            return real.find(requestId);
        }

        @Override
        public void delete(String requestId) {
            real.delete(requestId);
        }
    }
}
