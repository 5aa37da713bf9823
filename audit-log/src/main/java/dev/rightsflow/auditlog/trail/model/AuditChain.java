package dev.rightsflow.auditlog.trail.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The rules of the hash chain.
 *
 * <ul>
 * <li>{@code hash(entry) = hex(SHA-256(UTF-8(CanonicalJson(entry.hashedContent()))))}; the hashed
 * content is every field of the entry except the hash itself, including {@code previousHash}.</li>
 * <li>The first entry of a chain has {@code previousHash} = {@link #GENESIS} (64 zeros).</li>
 * <li>Sequences run 1, 2, 3 ... without gaps.</li>
 * <li>A global anchor (an entry of chain {@link #ANCHOR_CHAIN}) periodically records the head
 * (sequence and hash) of every chain that changed, so that removing the newest entries of a
 * chain, which the chain alone cannot show, is detected too. Anchors are sealed with a key kept
 * outside the database ({@link AnchorSeal}); an anchor whose seal does not verify is reported as forged.</li>
 * <li>Every entry is also published as {@code AuditEntryAppended} on {@code rightsflow.audit}, a witness the
 * database cannot rewrite: a stored entry whose hash differs from the first witness of its sequence is
 * reported as {@link ChainVerification.Problem#WITNESS_MISMATCH}. This is what catches a full forgery, in
 * which the chain and its anchors were re-hashed under the published rule.</li>
 * </ul>
 *
 * <p>Verification order (the first problem found is reported): the chain itself (sequence, previous hash,
 * content), then the witness (every witnessed sequence, lowest first), then the anchors (seal, then recorded
 * head).
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);
    public static final String ANCHOR_CHAIN = "audit-anchor";

    private AuditChain() {
    }

    public static String canonical(AuditEntry entry) {
        return CanonicalJson.write(entry.hashedContent());
    }

    public static String hash(AuditEntry entry) {
        return sha256(canonical(entry));
    }

    public static String sha256(String text) {
        return sha256Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256Bytes(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * The entry that follows {@code head} (empty for a new chain), with its hash computed. Its times are
     * kept to the millisecond, the precision of the events and of the entry's witness on the AUDIT topic,
     * so that an entry put back from its witness hashes exactly as the original.
     */
    public static AuditEntry next(Optional<AuditEntry> head, AuditEntry unchained) {
        long sequence = head.map(h -> h.sequence() + 1).orElse(1L);
        String previous = head.map(AuditEntry::hash).orElse(GENESIS);
        AuditEntry linked = new AuditEntry(unchained.chain(), sequence, unchained.sourceEventId(),
                unchained.sourceEventType(), unchained.topic(), millis(unchained.occurredAt()), millis(unchained.recordedAt()),
                unchained.actorType(), unchained.actorId(), unchained.actorOrganisationId(), unchained.payload(),
                unchained.deadline(), previous, null);
        return linked.withHash(hash(linked));
    }

    /** The instant to the millisecond (null stays null). */
    public static java.time.Instant millis(java.time.Instant instant) {
        return instant == null ? null : instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    /**
     * Recomputes a chain from its stored entries (in sequence order) and reports the first entry
     * that does not hold, or that the chain is intact. No witness is consulted.
     *
     * @param anchoredHeads what the global anchors recorded for this chain (sequence and hash), oldest first
     */
    public static ChainVerification verify(String chain, List<AuditEntry> entries, List<AnchoredHead> anchoredHeads) {
        return verify(chain, entries, anchoredHeads, Optional.empty());
    }

    /**
     * Recomputes a chain and compares it with its witness and its anchors; reports the first entry that does not
     * hold, or that the chain is intact.
     *
     * @param anchoredHeads what the global anchors recorded for this chain, oldest first, each with whether its
     *                      seal verified
     * @param witnessed     the hash first witnessed on the audit topic for each sequence of this chain; empty when
     *                      the witness could not be read
     */
    public static ChainVerification verify(String chain, List<AuditEntry> entries, List<AnchoredHead> anchoredHeads,
            Optional<SortedMap<Long, String>> witnessed) {
        String previous = GENESIS;
        long expected = 1;
        for (AuditEntry entry : entries) {
            if (entry.sequence() != expected) {
                return new ChainVerification.Broken(chain, entries.size(), expected, entry.sourceEventId(),
                        ChainVerification.Problem.MISSING_ENTRY,
                        "entry " + expected + " is missing: the next stored entry is " + entry.sequence());
            }
            if (!previous.equals(entry.previousHash())) {
                return new ChainVerification.Broken(chain, entries.size(), entry.sequence(), entry.sourceEventId(),
                        ChainVerification.Problem.PREVIOUS_HASH_MISMATCH,
                        "entry " + entry.sequence() + " does not hold the hash of entry " + (entry.sequence() - 1));
            }
            String recomputed = hash(entry);
            if (!recomputed.equals(entry.hash())) {
                return new ChainVerification.Broken(chain, entries.size(), entry.sequence(), entry.sourceEventId(),
                        ChainVerification.Problem.CONTENT_CHANGED,
                        "entry " + entry.sequence() + " was changed after it was appended: its content no longer"
                                + " matches its hash");
            }
            previous = entry.hash();
            expected++;
        }
        long confirmed = 0;
        if (witnessed.isPresent()) {
            for (Map.Entry<Long, String> w : witnessed.get().entrySet()) {
                long sequence = w.getKey();
                if (sequence < 1) {
                    continue;
                }
                if (sequence > entries.size()) {
                    return new ChainVerification.Broken(chain, entries.size(), sequence, null,
                            ChainVerification.Problem.TRUNCATED, "the witness on the audit topic recorded entry "
                                    + sequence + ", which is no longer stored");
                }
                AuditEntry stored = entries.get((int) sequence - 1);
                if (!stored.hash().equals(w.getValue())) {
                    return new ChainVerification.Broken(chain, entries.size(), sequence, stored.sourceEventId(),
                            ChainVerification.Problem.WITNESS_MISMATCH, "entry " + sequence
                                    + " is not the entry witnessed on the audit topic when it was appended: it was"
                                    + " forged or replaced in the database (hash witnessed " + w.getValue()
                                    + ", hash stored " + stored.hash() + ")");
                }
                confirmed++;
            }
        }
        for (AnchoredHead anchored : anchoredHeads) {
            if (!anchored.authentic()) {
                AuditEntry named = anchored.sequence() >= 1 && anchored.sequence() <= entries.size()
                        ? entries.get((int) anchored.sequence() - 1) : null;
                return new ChainVerification.Broken(chain, entries.size(), anchored.sequence(),
                        named == null ? null : named.sourceEventId(), ChainVerification.Problem.ANCHOR_FORGED,
                        "the anchor of " + anchored.anchoredAt() + " that records entry " + anchored.sequence()
                                + " does not carry a valid seal of the anchor key: the anchors were rewritten in"
                                + " the database, so entry " + anchored.sequence() + " and the entries before it"
                                + " cannot be trusted");
            }
            if (anchored.sequence() > entries.size()) {
                return new ChainVerification.Broken(chain, entries.size(), anchored.sequence(), null,
                        ChainVerification.Problem.TRUNCATED, "the anchor of " + anchored.anchoredAt()
                                + " recorded entry " + anchored.sequence() + ", which is no longer stored");
            }
            AuditEntry atAnchor = entries.get((int) anchored.sequence() - 1);
            if (!atAnchor.hash().equals(anchored.hash())) {
                return new ChainVerification.Broken(chain, entries.size(), anchored.sequence(),
                        atAnchor.sourceEventId(), ChainVerification.Problem.ANCHOR_MISMATCH,
                        "entry " + anchored.sequence() + " differs from what the anchor of " + anchored.anchoredAt()
                                + " recorded: the chain was rewritten");
            }
        }
        return new ChainVerification.Intact(chain, entries.size(), entries.isEmpty() ? GENESIS : previous,
                anchoredHeads.size(), witnessed.isPresent() ? confirmed : -1);
    }

    /**
     * What one global anchor recorded about one chain.
     *
     * @param authentic whether the anchor's seal verified under the anchor key ({@link AnchorSeal})
     */
    public record AnchoredHead(long sequence, String hash, java.time.Instant anchoredAt, boolean authentic) {

        /** An anchored head whose seal has been checked elsewhere (or needs none). */
        public AnchoredHead(long sequence, String hash, java.time.Instant anchoredAt) {
            this(sequence, hash, anchoredAt, true);
        }
    }
}
