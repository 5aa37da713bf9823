package dev.rightsflow.auditlog.cases.application;

import java.time.Instant;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.cases.model.CaseFile;

/**
 * Folds one event into its case. Redelivery-safe: an event id already applied to the case changes
 * nothing. Events are applied in the order the listener receives them (one request's events
 * arrive in order on each topic, keyed by request id). Every saved case is put in the {@link CaseIndex}
 * too, on the same path for a replay and a live event.
 */
@Service("auditLogCaseProjection")
public class CaseProjection {

    private final CaseStore store;
    private final CaseIndex index;

    public CaseProjection(CaseStore store, CaseIndex index) {
        this.store = store;
        this.index = index;
    }

    /** @return the case after the event, or empty when the event had been applied before */
    public Mono<CaseFile> apply(String requestId, String eventId, Instant occurredAt, Consumer<CaseFile> effect) {
        return store.find(requestId).defaultIfEmpty(CaseFile.of(requestId)).flatMap(file -> {
            if (file.seen(eventId)) {
                return Mono.empty();
            }
            effect.accept(file);
            file.touched(occurredAt);
            return store.save(file).then(Mono.fromRunnable(() -> index.put(file))).thenReturn(file);
        });
    }

    public Mono<CaseFile> find(String requestId) {
        return store.find(requestId);
    }

    /** A batch's cases, read at once (see {@code FlowBatch}). */
    public Mono<java.util.Map<String, CaseFile>> findAll(java.util.Collection<String> requestIds) {
        return store.findAll(requestIds);
    }

    /**
     * Saves the cases a batch's events changed (each already folded in memory, redeliveries skipped as
     * {@link #apply} skips them), in one write, then puts them in the {@link CaseIndex}.
     */
    public Mono<Void> saveAll(java.util.Collection<CaseFile> files) {
        return store.saveAll(files).then(Mono.fromRunnable(() -> files.forEach(index::put)));
    }
}
