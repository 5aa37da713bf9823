package dev.rightsflow.auditlog.trail.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import dev.rightsflow.auditlog.trail.model.AnchorSeal;
import dev.rightsflow.auditlog.trail.model.AuditChain;
import dev.rightsflow.auditlog.trail.model.AuditChain.AnchoredHead;
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
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);
    private static final Duration WITNESS_TIMEOUT = Duration.ofSeconds(30);

    private final AuditStore store;
    private final Clock clock;
    private final AnchorSeal seal;
    private final AuditWitness witness;

    public AuditTrail(AuditStore store, Clock auditLogClock, AnchorSeal seal, AuditWitness witness) {
        this.store = store;
        this.clock = auditLogClock;
        this.seal = seal;
        this.witness = witness;
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

    /**
     * Verifies a chain against itself, its witness on the audit topic and its sealed anchors (see
     * {@link AuditChain}). When the witness cannot be read the chain and anchors are still checked and the
     * result says the witness was not consulted ({@code witnessed = -1}).
     */
    public Mono<ChainVerification> verify(String chain) {
        Mono<Optional<SortedMap<Long, String>>> witnessed = witness.witnessed(chain).map(Optional::of)
                .timeout(WITNESS_TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("audit witness unavailable, verifying without it: {}", e.toString());
                    return Mono.just(Optional.empty());
                });
        return Mono.zip(store.chain(chain).collectList(), store.anchorsRecording(chain).collectList(), witnessed)
                .map(t -> AuditChain.verify(chain, t.getT1(), anchoredHeads(chain, t.getT2()), t.getT3()));
    }

    /** What the anchors recorded about {@code chain}, oldest first, each with whether its seal verified. */
    private List<AnchoredHead> anchoredHeads(String chain, List<AuditEntry> anchors) {
        List<AnchoredHead> found = new ArrayList<>();
        for (AuditEntry anchor : anchors) {
            Object heads = anchor.payload() == null ? null : anchor.payload().get("heads");
            if (!(heads instanceof List<?> list)) {
                continue;
            }
            boolean authentic = anchor.occurredAt() != null
                    && seal.verifies(anchor.occurredAt().toString(), list, anchor.payload().get("seal"));
            for (Object o : list) {
                if (o instanceof Map<?, ?> h && chain.equals(h.get("chain")) && h.get("sequence") instanceof Number n) {
                    found.add(new AnchoredHead(n.longValue(), String.valueOf(h.get("hash")), anchor.occurredAt(),
                            authentic));
                }
            }
        }
        return found;
    }

    /**
     * Writes a global anchor: one entry of the anchor chain recording the head of every chain that
     * changed since the previous anchor, a hash over those heads, and their seal under the anchor key
     * ({@link AnchorSeal}, key id recorded beside it). Empty when nothing changed.
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
            Instant now = AuditChain.millis(clock.instant());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("heads", recorded);
            payload.put("headsHash", AuditChain.sha256(CanonicalJson.write(recorded)));
            payload.put("keyId", seal.keyId());
            payload.put("seal", seal.seal(now.toString(), recorded));
            String id = "anchor-" + payload.get("headsHash");
            AuditEntry unchained = new AuditEntry(AuditChain.ANCHOR_CHAIN, 0, id, "AuditAnchor", null, now, now,
                    "SYSTEM", "audit-log", null, payload, null, null, null);
            return append(unchained).flatMap(appended -> reactor.core.publisher.Flux.fromIterable(heads)
                    .concatMap(h -> store.markAnchored(h.chain(), h.sequence()))
                    .then(Mono.just(appended.entry())));
        });
    }
}
