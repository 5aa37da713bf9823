package dev.rightsflow.router.application;

import java.util.List;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.router.model.CaseState;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.serde.EventSerde;

/**
 * Handles one event of a request: live (decide, publish, then save) or in a rebuild (fold only:
 * nothing is published, no task is dispatched again). One request is handled by one thread at a
 * time here; across instances the store's version check makes a concurrent writer retry.
 */
public final class CaseService {

    private static final Logger log = LoggerFactory.getLogger(CaseService.class);
    private static final int LOCK_STRIPES = 64;

    private final CaseStore store;
    private final CaseWorkflow workflow;
    private final EventPublisher publisher;
    private final EventSerde serde;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public CaseService(CaseStore store, CaseWorkflow workflow, EventPublisher publisher, EventSerde serde) {
        this.store = store;
        this.workflow = workflow;
        this.publisher = publisher;
        this.serde = serde;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** A live event from REQUESTS, TASK_RESULTS or CASE_COMMANDS. */
    public void handle(SpecificRecord event) {
        String requestId = Events.requestId(event);
        synchronized (locks[Math.floorMod(requestId.hashCode(), LOCK_STRIPES)]) {
            for (int attempt = 1; ; attempt++) {
                CaseStore.StoredCase stored = load(requestId);
                CaseState c = stored.state();
                if (c.processedEventIds.contains(Events.eventId(event))) {
                    return;
                }
                RequestReceived request = stored.requestEvent() == null ? null
                        : (RequestReceived) serde.decode(stored.requestEvent());
                byte[] requestBytes = stored.requestEvent();
                if (event instanceof RequestReceived received) {
                    request = received;
                    requestBytes = serde.encode(received);
                }
                CaseProjection.apply(c, event);
                List<CaseWorkflow.Outgoing> out = workflow.decide(c, event, request);
                for (CaseWorkflow.Outgoing o : out) {
                    publisher.publish(o.topic(), requestId, o.event());
                }
                CaseProjection.remember(c, Events.eventId(event));
                if (store.save(new CaseStore.StoredCase(c, requestBytes))) {
                    if (!out.isEmpty()) {
                        log.info("request {}: {} -> {}", requestId, Events.type(event),
                                out.stream().map(o -> Events.type(o.event())).toList());
                    }
                    return;
                }
                if (attempt >= 5) {
                    throw new IllegalStateException("request " + requestId + " kept changing under us");
                }
            }
        }
    }

    /** Folds an event into the projection without deciding or publishing anything (rebuild). */
    public void project(SpecificRecord event) {
        String requestId = Events.requestId(event);
        synchronized (locks[Math.floorMod(requestId.hashCode(), LOCK_STRIPES)]) {
            CaseStore.StoredCase stored = load(requestId);
            CaseState c = stored.state();
            byte[] requestBytes = event instanceof RequestReceived r ? serde.encode(r) : stored.requestEvent();
            CaseProjection.apply(c, event);
            CaseProjection.remember(c, Events.eventId(event));
            store.save(new CaseStore.StoredCase(c, requestBytes));
        }
    }

    public Optional<CaseState> find(String requestId) {
        return store.load(requestId).map(CaseStore.StoredCase::state);
    }

    private CaseStore.StoredCase load(String requestId) {
        return store.load(requestId).orElseGet(() -> new CaseStore.StoredCase(new CaseState(requestId), null));
    }
}
