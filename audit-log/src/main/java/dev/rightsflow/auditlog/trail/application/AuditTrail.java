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

import reactor.core.publisher.Flux;
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
    private final int headsPerAnchor;

    /**
     * One anchor records at most this many chains' heads: about 0.8 MB of document (a chain id, a sequence and a hash
     * each), far under MongoDB's 16 MB limit, and the heads read and held at once for it. Before, one anchor recorded
     * every chain changed since the last: 91,051 heads at the twentieth minute of a 90,000-request burst (thirteenth
     * session), some 14 MB, and about 110,000 would have passed the limit, after which no anchor could be written.
     */
    public static final int HEADS_PER_ANCHOR = 5_000;
    /** An anchoring run writes at most this many anchors; what changed beyond is anchored at the next run. */
    static final int ANCHORS_PER_RUN = 40;

    public AuditTrail(AuditStore store, Clock auditLogClock, AnchorSeal seal, AuditWitness witness) {
        this(store, auditLogClock, seal, witness, HEADS_PER_ANCHOR);
    }

    /** @param headsPerAnchor how many chains' heads one anchor records at most (tests give a small number) */
    public AuditTrail(AuditStore store, Clock auditLogClock, AnchorSeal seal, AuditWitness witness, int headsPerAnchor) {
        this.store = store;
        this.clock = auditLogClock;
        this.seal = seal;
        this.witness = witness;
        this.headsPerAnchor = headsPerAnchor;
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
     * Anchors every chain changed since it was last anchored: anchors of at most {@link #HEADS_PER_ANCHOR} heads each,
     * one after the other, until none is left, the last one recorded fewer (the rest changed meanwhile: the next run),
     * or {@value #ANCHORS_PER_RUN} were written. Each is passed to {@code written} (its witness) before the next is
     * made. @return the anchors written, oldest first; none when nothing changed
     */
    public Flux<AuditEntry> anchorAll(java.util.function.Function<AuditEntry, Mono<Void>> written) {
        return Flux.range(0, ANCHORS_PER_RUN)
                .concatMap(run -> anchor().flatMap(anchor -> written.apply(anchor).thenReturn(anchor))
                        .map(Optional::of).defaultIfEmpty(Optional.empty()))
                .takeUntil(anchor -> anchor.isEmpty() || headsOf(anchor.get()) < headsPerAnchor)
                .flatMapIterable(anchor -> anchor.map(List::of).orElse(List.of()));
    }

    private static int headsOf(AuditEntry anchor) {
        return anchor.payload().get("heads") instanceof List<?> heads ? heads.size() : 0;
    }

    /**
     * Writes a global anchor: one entry of the anchor chain recording the head of each chain that changed since it
     * was last anchored (at most {@link #HEADS_PER_ANCHOR} of them), a hash over those heads, and their seal under the
     * anchor key ({@link AnchorSeal}, key id recorded beside it). Empty when nothing changed.
     */
    public Mono<AuditEntry> anchor() {
        return store.headsChangedSinceAnchor(headsPerAnchor).collectList().flatMap(heads -> {
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
            return append(unchained).flatMap(appended -> store.markAnchored(heads).thenReturn(appended.entry()));
        });
    }
}
