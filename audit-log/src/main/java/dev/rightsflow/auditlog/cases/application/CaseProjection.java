package dev.rightsflow.auditlog.cases.application;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.rightsflow.auditlog.cases.model.CaseFile;

/**
 * Folds one event into its case. Redelivery-safe: an event id already applied to the case changes
 * nothing. Events are applied in the order the listener receives them (one request's events
 * arrive in order on each topic, keyed by request id). Every saved case is put in the {@link CaseIndex}
 * too, on the same path for a replay and a live event.
 */
public class CaseProjection {

    private final CaseStore store;
    private final CaseIndex index;

    public CaseProjection(CaseStore store, CaseIndex index) {
        this.store = store;
        this.index = index;
    }

    /** @return the case after the event, or empty when the event had been applied before */
    public CompletableFuture<Optional<CaseFile>> apply(String requestId, String eventId, Instant occurredAt,
            Consumer<CaseFile> effect) {
        return store.find(requestId).thenCompose(found -> {
            CaseFile file = found.orElseGet(() -> CaseFile.of(requestId));
            if (file.seen(eventId)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            effect.accept(file);
            file.touched(occurredAt);
            return store.save(file).thenApply(saved -> {
                index.put(file);
                return Optional.of(file);
            });
        });
    }

    public CompletableFuture<Optional<CaseFile>> find(String requestId) {
        return store.find(requestId);
    }

    /** A batch's cases, read at once (see {@code FlowBatch}). */
    public CompletableFuture<Map<String, CaseFile>> findAll(Collection<String> requestIds) {
        return store.findAll(requestIds);
    }

    /**
     * Saves the cases a batch's events changed (each already folded in memory, redeliveries skipped as
     * {@link #apply} skips them), in one write, then puts them in the {@link CaseIndex}.
     */
    public CompletableFuture<Void> saveAll(Collection<CaseFile> files) {
        return store.saveAll(files).thenRun(() -> files.forEach(index::put));
    }
}
