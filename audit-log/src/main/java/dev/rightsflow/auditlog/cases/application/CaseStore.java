package dev.rightsflow.auditlog.cases.application;

import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.cases.model.CaseKeyFacts;

/**
 * The port case projections are kept behind (implemented by {@code cases.mongo}). A projection: it can be dropped and
 * rebuilt from the topics. Plain Java: every call completes a {@link CompletableFuture}; the adapter adapts its driver.
 */
public interface CaseStore {

    /** Completes empty when the request has no case. */
    CompletableFuture<Optional<CaseFile>> find(String requestId);

    CompletableFuture<Void> save(CaseFile file);

    /** The cases of these requests, by request id (those that exist), in one read where the store can. */
    default CompletableFuture<Map<String, CaseFile>> findAll(Collection<String> requestIds) {
        Map<String, CaseFile> found = new LinkedHashMap<>();
        CompletableFuture<Void> reads = CompletableFuture.completedFuture(null);
        for (String requestId : requestIds) {
            reads = reads.thenCompose(v -> find(requestId)).thenAccept(f -> f.ifPresent(file -> found.put(requestId, file)));
        }
        return reads.thenApply(v -> found);
    }

    /** Saves these cases, in one bulk write where the store can. */
    default CompletableFuture<Void> saveAll(Collection<CaseFile> files) {
        CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
        for (CaseFile file : files) {
            writes = writes.thenCompose(v -> save(file));
        }
        return writes;
    }

    /**
     * Hands {@code each} the cases an organisation may see (controller, receiver or processor), or every case when
     * {@code organisationId} is null; only open ones (not closed or refused) when {@code openOnly}. One case at a
     * time, in turn, as they are read (nothing is held for the whole pass); completes when every case was handed.
     */
    CompletableFuture<Void> visibleTo(String organisationId, boolean openOnly, Consumer<CaseFile> each);

    /**
     * Hands {@code each} the cases of these requests that exist, in turn, as they are read, a bounded batch at a time
     * where the store can (nothing is held for the whole pass); completes when every case was handed. A read only:
     * what it hands is the caller's to look at, not to fold into.
     */
    default CompletableFuture<Void> eachOf(List<String> requestIds, Consumer<CaseFile> each) {
        CompletableFuture<Void> reads = CompletableFuture.completedFuture(null);
        for (String requestId : requestIds) {
            reads = reads.thenCompose(v -> find(requestId)).thenAccept(f -> f.ifPresent(each));
        }
        return reads;
    }

    /**
     * Hands {@code each} what the case index keeps of each case ({@link CaseKeyFacts}): of every case when
     * {@code requestIds} is null, else of those of these requests that exist. Where the store can, it reads the facts
     * it keeps beside each case rather than the whole case; this default works them out from the whole cases.
     * Completes when every case was handed.
     */
    default CompletableFuture<Void> keyFacts(Collection<String> requestIds, Consumer<CaseKeyFacts> each) {
        if (requestIds == null) {
            return visibleTo(null, false, file -> each.accept(CaseKeyFacts.of(file)));
        }
        return findAll(requestIds).thenAccept(files -> files.values().forEach(file -> each.accept(CaseKeyFacts.of(file))));
    }

    CompletableFuture<Long> count();

    CompletableFuture<Void> dropForRebuild();
}
