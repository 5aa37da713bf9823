package dev.rightsflow.auditlog.trail.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

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
 * chain, which the chain alone cannot show, is detected too.</li>
 * </ul>
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
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** The entry that follows {@code head} (empty for a new chain), with its hash computed. */
    public static AuditEntry next(Optional<AuditEntry> head, AuditEntry unchained) {
        long sequence = head.map(h -> h.sequence() + 1).orElse(1L);
        String previous = head.map(AuditEntry::hash).orElse(GENESIS);
        AuditEntry linked = new AuditEntry(unchained.chain(), sequence, unchained.sourceEventId(),
                unchained.sourceEventType(), unchained.topic(), unchained.occurredAt(), unchained.recordedAt(),
                unchained.actorType(), unchained.actorId(), unchained.actorOrganisationId(), unchained.payload(),
                unchained.deadline(), previous, null);
        return linked.withHash(hash(linked));
    }

    /**
     * Recomputes a chain from its stored entries (in sequence order) and reports the first entry
     * that does not hold, or that the chain is intact.
     *
     * @param anchoredHeads what the global anchors recorded for this chain (sequence and hash), oldest first
     */
    public static ChainVerification verify(String chain, List<AuditEntry> entries, List<AnchoredHead> anchoredHeads) {
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
        for (AnchoredHead anchored : anchoredHeads) {
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
                anchoredHeads.size());
    }

    /** What one global anchor recorded about one chain. */
    public record AnchoredHead(long sequence, String hash, java.time.Instant anchoredAt) {
    }
}
