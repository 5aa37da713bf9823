package dev.rightsflow.auditlog.trail.model;

/** The outcome of recomputing one chain: intact, or broken at a named entry. */
public sealed interface ChainVerification {

    String chain();

    long entries();

    boolean intact();

    /**
     * @param headHash       hash of the newest entry
     * @param anchorsChecked global anchors agreed with the chain (each with a valid seal)
     * @param witnessed      entries confirmed by their witness on the audit topic; -1 when the witness could not
     *                       be read (the chain and anchors were still checked)
     */
    record Intact(String chain, long entries, String headHash, int anchorsChecked, long witnessed)
            implements ChainVerification {
        @Override
        public boolean intact() {
            return true;
        }
    }

    /** @param brokenAt the sequence of the first entry that does not hold */
    record Broken(String chain, long entries, long brokenAt, String sourceEventId, Problem problem, String explanation)
            implements ChainVerification {
        @Override
        public boolean intact() {
            return false;
        }
    }

    enum Problem {
        /** the entry's content no longer hashes to its stored hash */
        CONTENT_CHANGED,
        /** the entry does not hold the previous entry's hash (an entry was replaced or re-ordered) */
        PREVIOUS_HASH_MISMATCH,
        /** a sequence number is missing (an entry was deleted) */
        MISSING_ENTRY,
        /** a global anchor recorded more entries than are stored (the newest were deleted) */
        TRUNCATED,
        /** a global anchor recorded a different hash for an entry (the chain was recomputed) */
        ANCHOR_MISMATCH,
        /** the stored entry differs from its witness on the audit topic (the chain was forged in the database) */
        WITNESS_MISMATCH,
        /** a global anchor's seal does not verify under the anchor key (the anchors were forged in the database) */
        ANCHOR_FORGED
    }
}
