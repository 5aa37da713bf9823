package dev.rightsflow.auditlog.trail.application;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.trail.model.AuditEntry;

/** Where the audit trail is kept. Append-only: there is no update and no delete of an entry. */
public interface AuditStore {

    Mono<AuditEntry> bySourceEventId(String sourceEventId);

    /** The newest entry of a chain, or empty. */
    Mono<AuditEntry> head(String chain);

    /**
     * Appends an entry. Completes with {@code true} when written, {@code false} when an entry for
     * the same source event already exists; fails with {@link SequenceTakenException} when another
     * writer took the sequence first.
     */
    Mono<Boolean> append(AuditEntry entry);

    /** The entries of these source events (those recorded), by source event id, in one read. */
    Mono<java.util.Map<String, AuditEntry>> bySourceEventIds(java.util.Collection<String> sourceEventIds);

    /** The heads (chain, sequence and hash only) of these chains (those that have entries), by chain, in one read. */
    Mono<java.util.Map<String, AuditEntry>> heads(java.util.Collection<String> chains);

    /**
     * Appends a batch's entries, already chained (each chain's in sequence order, following its head), in one
     * ordered write, then moves the chains' heads in one more. Fails when an entry's sequence or source event is
     * taken (a head that was behind): the entries before it are written, and the batch is then appended one event
     * at a time, which re-reads each head.
     */
    Mono<Void> appendAll(java.util.List<AuditEntry> entries);

    /** A chain's entries in sequence order. */
    Flux<AuditEntry> chain(String chain);

    /** The anchor entries (chain {@code audit-anchor}) that record a head of {@code chain}, oldest first. */
    Flux<AuditEntry> anchorsRecording(String chain);

    /** Heads of chains that changed since the last anchor (chain, sequence, hash), at most {@code limit} of them. */
    Flux<AuditEntry> headsChangedSinceAnchor(int limit);

    /** These heads are anchored: each chain whose head is still at the sequence given is no longer changed. */
    Mono<Void> markAnchored(List<AuditEntry> heads);

    Mono<Long> countEntries();

    /** Drops the whole trail (a rebuild from the topics follows). Only the rebuild calls this. */
    Mono<Void> dropForRebuild();

    /** Another writer appended the same sequence to the chain first; re-read the head and try again. */
    final class SequenceTakenException extends RuntimeException {
        public SequenceTakenException(String chain, long sequence) {
            super("sequence " + sequence + " of chain " + chain + " is taken");
        }
    }
}
