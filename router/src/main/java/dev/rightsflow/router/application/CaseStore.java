package dev.rightsflow.router.application;

import java.util.List;
import java.util.Optional;

import dev.rightsflow.router.model.CaseState;

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
     * Saves the case if nobody saved it since it was loaded (its version), then increments the version.
     *
     * @return false when another writer got there first
     */
    boolean save(StoredCase stored);

    List<CaseState> inStatus(CaseState.Status status);

    /**
     * Closed cases forwarded over OpenDSR with no recorded cancellation outcome (a superset of those
     * that owe the controller a cancellation: the close's outcome is checked by the caller).
     */
    List<CaseState> closedOverOpenDsrWithoutCancellation();

    /** Cases the organisation forwarded: as the processor the request reached first. */
    List<CaseState> forwardedBy(String organisationId);

    /** Every case's request id (reconciliation after a rebuild). */
    List<String> ids();

    long count();

    void clear();
}
