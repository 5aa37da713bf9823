package dev.rightsflow.auditlog.trail.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.trail.model.CanonicalJson;
import dev.rightsflow.auditlog.trail.model.ChainVerification;

/**
 * Appending to and checking the audit trail.
 *
 * <p>Append contract: one entry per source event id (a redelivered event finds its entry and
 * changes nothing); the entry links to the chain's current head; when two writers race for the
 * same sequence, the unique index lets one win and the other re-reads the head and retries.
 */
@Service("auditLogAuditTrail")
public class AuditTrail {

    private final AuditStore store;
    private final Clock clock;

    public AuditTrail(AuditStore store, @Qualifier("auditLogClock") Clock auditLogClock) {
        this.store = store;
        this.clock = auditLogClock;
    }

    /** The result of an append: the entry of that event, and whether this call wrote it. */
    public record Appended(AuditEntry entry, boolean isNew) {
    }

    /** Appends the event's entry (its chain, sequence, previous hash and hash are filled in here). */
    public Mono<Appended> append(AuditEntry unchained) {
        return store.bySourceEventId(unchained.sourceEventId())
                .map(existing -> new Appended(existing, false))
                .switchIfEmpty(Mono.defer(() -> store.head(unchained.chain())
                        .map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(head -> {
                            AuditEntry entry = AuditChain.next(head, unchained);
                            return store.append(entry).flatMap(written -> written
                                    ? Mono.just(new Appended(entry, true))
                                    : store.bySourceEventId(entry.sourceEventId()).map(e -> new Appended(e, false)));
                        }))
                        .retryWhen(Retry.backoff(10, Duration.ofMillis(5))
                                .filter(AuditStore.SequenceTakenException.class::isInstance)));
    }

    public Mono<List<AuditEntry>> entries(String chain) {
        return store.chain(chain).collectList();
    }

    public Mono<ChainVerification> verify(String chain) {
        return Mono.zip(store.chain(chain).collectList(), store.anchoredHeads(chain).collectList())
                .map(t -> AuditChain.verify(chain, t.getT1(), t.getT2()));
    }

    /**
     * Writes a global anchor: one entry of the anchor chain recording the head of every chain that
     * changed since the previous anchor, and a hash over those heads. Empty when nothing changed.
     */
    public Mono<AuditEntry> anchor() {
        return store.headsChangedSinceAnchor().collectList().flatMap(heads -> {
            if (heads.isEmpty()) {
                return Mono.empty();
            }
            List<Object> recorded = new ArrayList<>();
            for (AuditEntry head : heads) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("chain", head.chain());
                h.put("sequence", head.sequence());
                h.put("hash", head.hash());
                recorded.add(h);
            }
            recorded.sort((a, b) -> ((String) ((Map<?, ?>) a).get("chain")).compareTo((String) ((Map<?, ?>) b).get("chain")));
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("heads", recorded);
            payload.put("headsHash", AuditChain.sha256(CanonicalJson.write(recorded)));
            Instant now = clock.instant();
            String id = "anchor-" + payload.get("headsHash");
            AuditEntry unchained = new AuditEntry(AuditChain.ANCHOR_CHAIN, 0, id, "AuditAnchor", null, now, now,
                    "SYSTEM", "audit-log", null, payload, null, null, null);
            return append(unchained).flatMap(appended -> reactor.core.publisher.Flux.fromIterable(heads)
                    .concatMap(h -> store.markAnchored(h.chain(), h.sequence()))
                    .then(Mono.just(appended.entry())));
        });
    }
}
