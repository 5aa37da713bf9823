package dev.rightsflow.auditlog.trail.application;

import java.util.SortedMap;

import reactor.core.publisher.Mono;

/**
 * The witness of the audit trail kept outside the database: the {@code AuditEntryAppended} records on
 * {@code rightsflow.audit}. Whoever can write MongoDB cannot rewrite them, so verification compares the stored
 * chain with them.
 */
public interface AuditWitness {

    /**
     * For each witnessed sequence of {@code chain}, the hash witnessed <em>first</em> (a later witness of the same
     * sequence, e.g. after a redelivery, cannot replace it). Reads the witness up to its end at the time of the
     * call. Fails when the witness cannot be read.
     */
    Mono<SortedMap<Long, String>> witnessed(String chain);
}
