package dev.rightsflow.auditlog.cases.model;

/**
 * Who is looking: a member of staff of one organisation, or a platform administrator. Staff see
 * only their organisation's cases: as controller, as the organisation that received the request,
 * or as a processor for what it forwarded or runs.
 */
public record Viewer(String userName, String organisationId, boolean admin) {

    public boolean canSee(CaseFile file) {
        return admin || (organisationId != null && file.organisations().contains(organisationId));
    }

    /** Decisions on a case (accept, refuse, extend, pause, close) belong to its controller. */
    public boolean canDecide(CaseFile file) {
        return admin || (organisationId != null && organisationId.equals(file.controllerId));
    }

    public boolean canSeeChain(String chain) {
        return admin;
    }
}
