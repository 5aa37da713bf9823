package dev.rightsflow.router.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryEntry;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.application.RegistryStore;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.WebhookEvent;
import dev.rightsflow.router.registry.model.Webhooks;
import dev.rightsflow.router.webhooks.application.DeliveryStore;
import dev.rightsflow.router.webhooks.application.WebhookCall;
import dev.rightsflow.router.webhooks.application.WebhookDeliveries;
import dev.rightsflow.router.webhooks.model.Delivery;
import dev.rightsflow.router.cases.kafka.CaseEventAvro;
import dev.rightsflow.router.webhooks.kafka.WebhookAvro;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.WebhookAttempted;

/**
 * What a restart (or rebuild) leaves owed, folded from the cases topic alone into an empty store: a message whose
 * first attempt a crash lost is sent; a retry owed is made when due, numbered after the attempts already on the topic,
 * with the same body; an event older than the maximum age starts nothing; a delivered one is not sent again.
 */
class WebhookDeliveriesRestartTest {

    static final Instant NOW = Instant.parse("2026-10-02T09:00:00Z");
    static final WebhookDeliveries.Settings SETTINGS = new WebhookDeliveries.Settings(4, Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofDays(3), "https://router.example");

    final List<SpecificRecord> published = new ArrayList<>();
    final List<String> posted = new ArrayList<>();
    final Map<String, Delivery> stored = new ConcurrentHashMap<>();
    WebhookDeliveries deliveries;
    /** The deliveries, given the cases topic's events as the router's listener gives them (mapped by its adapters). */
    final Listener webhooks = new Listener();

    final class Listener {
        void on(SpecificRecord event) {
            if (event instanceof WebhookAttempted a) {
                deliveries.on(WebhookAvro.fromAvro(a));
            } else {
                deliveries.on(new CaseEventAvro().input(event));
            }
        }

        int deliverDue() {
            return deliveries.deliverDue();
        }

        List<Delivery> log(String organisationId, int limit) {
            return deliveries.log(organisationId, limit);
        }
    }

    @BeforeEach
    void restartedOnAnEmptyStore() throws Exception {
        List<Organisation> seed;
        try (InputStream in = getClass().getResourceAsStream("/registry/seed-registry.yml")) {
            seed = new RegistryCodec().readSeed(in).stream().map(o -> !o.id().equals("mes") ? o
                    : o.withWebhooks(new Webhooks(List.of(new Webhooks.Endpoint("ops", "https://hooks.example.org/rf",
                            List.of(WebhookEvent.REQUEST_RECEIVED), "SECRET")), null))).toList();
        }
        RegistryService registry = new RegistryService(new MemoryRegistry(), (entry, document, actor, at) -> { },
                new RegistryCodec(), Clock.fixed(NOW, ZoneOffset.UTC));
        registry.publishSeed(seed);
        CaseState c = new CaseState();
        c.requestId = "r-1";
        c.controllerId = "mes";
        c.right = Right.ERASURE;
        c.phase = c.phase.onOpened(null, false);
        c.statutoryDeadline = LocalDate.parse("2026-10-05");
        deliveries = new WebhookDeliveries(new MemoryDeliveries(), new OneCase(c), registry,
                ref -> Optional.of("whsec_c2VjcmV0LWtleS1mb3ItdGVzdHM="), a -> published.add(WebhookAvro.toAvro(a)),
                (url, headers, body, allowed, timeout) -> {
                    posted.add(headers.get("webhook-id") + " " + body);
                    return new WebhookCall.Result(204, null, false);
                }, new RegistryCodec().json(), Clock.fixed(NOW, ZoneOffset.UTC), SETTINGS);
    }

    private static CaseOpened opened(Instant at) {
        return CaseOpened.newBuilder().setEventId("opened-" + at.toEpochMilli()).setRequestId("r-1").setOccurredAt(at)
                .setActor(Events.service("router")).setControllerId("mes").setDivision(Division.ENGLAND_AND_WALES)
                .setReceivedAt(at).setClockStartsAt(at).setStatutoryDeadline(LocalDate.parse("2026-10-05"))
                .setAwaitingDecision(false).build();
    }

    private static WebhookAttempted attempt(CaseOpened trigger, int n, String outcome, Instant next, String body) {
        String id = WebhookDeliveries.deliveryId(trigger.getEventId(), "ops");
        return WebhookAttempted.newBuilder().setEventId(Events.derivedId(id, "attempt", String.valueOf(n)))
                .setRequestId("r-1").setOccurredAt(NOW.minusSeconds(60)).setActor(Events.service("router"))
                .setOrganisationId("mes").setWebhookId("ops").setDeliveryId(id).setEventType("request.received")
                .setTriggerEventId(trigger.getEventId()).setAttempt(n).setStatusCode(500).setOutcome(outcome)
                .setError("HTTP 500").setNextAttemptAt(next).setPayload(body).build();
    }

    @Test
    void aMessageWhoseFirstAttemptACrashLostIsSentOnceLive() {
        CaseOpened trigger = opened(NOW.minusSeconds(120));
        webhooks.on(trigger);

        assertThat(webhooks.deliverDue()).isEqualTo(1);
        assertThat(posted).singleElement().asString().startsWith(WebhookDeliveries.deliveryId(trigger.getEventId(), "ops"))
                .contains("\"status\":\"RECEIVED\"", "\"right\":\"ERASURE\"", "\"deadline\":\"2026-10-05\"");
        assertThat(published).singleElement().isInstanceOfSatisfying(WebhookAttempted.class,
                a -> assertThat(a.getAttempt()).isEqualTo(1));
        assertThat(webhooks.deliverDue()).as("delivered: nothing more").isZero();
    }

    @Test
    void aRetryOwedIsMadeWhenDueWithTheNextNumberAndTheSameBody() {
        CaseOpened trigger = opened(NOW.minusSeconds(120));
        String body = "{\"type\":\"request.received\",\"data\":{\"requestId\":\"r-1\"}}";
        webhooks.on(trigger);
        webhooks.on(attempt(trigger, 1, "RETRYING", NOW.minusSeconds(30), body));
        webhooks.on(attempt(trigger, 2, "RETRYING", NOW.minusSeconds(1), body));
        webhooks.on(attempt(trigger, 1, "RETRYING", NOW.minusSeconds(30), body)); // redelivered: changes nothing

        assertThat(webhooks.deliverDue()).isEqualTo(1);
        assertThat(posted).singleElement().asString().endsWith(" " + body);
        assertThat(published).singleElement().isInstanceOfSatisfying(WebhookAttempted.class, a -> {
            assertThat(a.getAttempt()).isEqualTo(3);
            assertThat(a.getOutcome()).isEqualTo("DELIVERED");
        });
        assertThat(webhooks.log("mes", 10)).singleElement().satisfies(d -> {
            assertThat(d.state()).isEqualTo(Delivery.State.DELIVERED);
            assertThat(d.attempts()).extracting(Delivery.Attempt::attempt).containsExactly(1, 2, 3);
        });
    }

    @Test
    void aRetryNotYetDueWaitsAndOldOrDeliveredOnesAreNotSentAgain() {
        CaseOpened pending = opened(NOW.minusSeconds(120));
        webhooks.on(pending);
        webhooks.on(attempt(pending, 1, "RETRYING", NOW.plusSeconds(60), "{}"));
        CaseOpened old = opened(NOW.minus(Duration.ofDays(4)));
        webhooks.on(old);

        assertThat(webhooks.deliverDue()).isZero();
        assertThat(posted).isEmpty();
        assertThat(webhooks.log("mes", 10)).singleElement().satisfies(d -> assertThat(d.nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(60)));
    }

    private static final class MemoryRegistry implements RegistryStore {
        private final Map<String, RegistryEntry> entries = new ConcurrentHashMap<>();

        @Override
        public List<RegistryEntry> all() {
            return List.copyOf(entries.values());
        }

        @Override
        public boolean upsertIfNewer(RegistryEntry entry) {
            entries.put(entry.organisation().id(), entry);
            return true;
        }

        @Override
        public long count() {
            return entries.size();
        }

        @Override
        public void clear() {
            entries.clear();
        }
    }

    private final class MemoryDeliveries implements DeliveryStore {
        @Override
        public Optional<Delivery> find(String deliveryId) {
            return Optional.ofNullable(stored.get(deliveryId));
        }

        @Override
        public void save(Delivery delivery) {
            stored.put(delivery.deliveryId(), delivery);
        }

        @Override
        public List<Delivery> due(Instant now, int limit) {
            return stored.values().stream().filter(d -> d.state() == Delivery.State.PENDING
                    && !d.nextAttemptAt().isAfter(now)).limit(limit).toList();
        }

        @Override
        public List<Delivery> ofOrganisation(String organisationId, int limit) {
            return stored.values().stream().filter(d -> d.organisationId().equals(organisationId))
                    .sorted(Comparator.comparing(Delivery::triggeredAt).reversed()).limit(limit).toList();
        }

        @Override
        public void clear() {
            stored.clear();
        }
    }

    /** The one case the deliveries are about (the router's case store holds it once caught up). */
    private record OneCase(CaseState state) implements CaseStore {
        @Override
        public Optional<StoredCase> load(String requestId) {
            return state.requestId.equals(requestId) ? Optional.of(new StoredCase(state, null)) : Optional.empty();
        }

        @Override
        public boolean save(StoredCase stored) {
            return true;
        }

        @Override
        public List<CaseState> inStatus(CaseState.Status status) {
            return List.of();
        }

        @Override
        public List<CaseState> closedOverOpenDsrWithoutCancellation() {
            return List.of();
        }

        @Override
        public List<CaseState> forwardedBy(String organisationId) {
            return List.of();
        }

        @Override
        public List<String> ids() {
            return List.of(state.requestId);
        }

        @Override
        public List<String> awaitingReconciliation() {
            return state.awaitingReconciliation ? List.of(state.requestId) : List.of();
        }

        @Override
        public long count() {
            return 1;
        }

        @Override
        public void clear() {
        }
    }
}
