package dev.rightsflow.router.cases.application;

import java.util.List;
import java.util.Optional;

import dev.rightsflow.router.cases.model.CaseState;

/** Where the case projection lives (MongoDB). Blocking: called from listener threads. */
public interface CaseStore {

    /**
     * A case and the encoded request event it came from (the only place the router keeps the
     * subject's personal data, needed to dispatch tasks later).
     */
    record StoredCase(CaseState state, byte[] requestEvent) {
    }

    Optional<StoredCase> load(String requestId);

    /**
     * The stored cases of the named requests, by request id (absent ones are left out): one read
     * for a batch of events ({@code _id $in}, index-served).
     */
    default java.util.Map<String, StoredCase> loadAll(java.util.Collection<String> requestIds) {
        java.util.Map<String, StoredCase> found = new java.util.HashMap<>();
        requestIds.forEach(id -> load(id).ifPresent(s -> found.put(id, s)));
        return found;
    }

    /**
     * Saves the case if nobody saved it since it was loaded (its version), then increments the version.
     *
     * @return false when another writer got there first
     */
    boolean save(StoredCase stored);

    /**
     * Saves the cases as {@link #save} would, each only if nobody saved it since it was loaded, in
     * one bulk write; their versions are incremented only when every one was saved.
     *
     * @return false when any was not saved (another writer got there first, or the write failed):
     *         the caller then saves them again one at a time
     */
    default boolean saveAll(java.util.Collection<StoredCase> cases) {
        boolean all = true;
        for (StoredCase c : cases) {
            all &= save(c);
        }
        return all;
    }

    List<CaseState> inStatus(CaseState.Status status);

    /**
     * {@link #inStatus} a page at a time, for a caller that goes through every case in a status (the periodic risk
     * and retention checks): at most {@code pageSize} cases are read and held at once, each page when the one before
     * has been handled. A case that left the status before its page was read is not in it.
     */
    default void inStatusByPage(CaseState.Status status, int pageSize, java.util.function.Consumer<List<CaseState>> page) {
        List<CaseState> all = inStatus(status);
        for (int from = 0; from < all.size(); from += pageSize) {
            page.accept(all.subList(from, Math.min(all.size(), from + pageSize)));
        }
    }

    /**
     * Closed cases forwarded over OpenDSR with no recorded cancellation outcome (a superset of those
     * that owe the controller a cancellation: the close's outcome is checked by the caller).
     */
    List<CaseState> closedOverOpenDsrWithoutCancellation();

    /** Cases the organisation forwarded: as the processor the request reached first. */
    List<CaseState> forwardedBy(String organisationId);

    /** Every case's request id (reconciliation after a rebuild). */
    List<String> ids();

    /** The request ids of the cases folded while catching up and not reconciled since ({@link CaseState#awaitingReconciliation}). */
    List<String> awaitingReconciliation();

    long count();

    void clear();
}
