package dev.rightsflow.router.events.model;

/**
 * Who caused a case event or sent a command: a citizen, a processor organisation, a member of
 * staff or a service (the router itself is the service {@code router}). Never personal data of the subject.
 *
 * @param organisationId the organisation the actor acts for, when known (null otherwise)
 */
public record Actor(Kind kind, String id, String organisationId) {

    /** The kinds of actor the event contract knows. */
    public enum Kind { CITIZEN, PROCESSOR, STAFF, SYSTEM, UNKNOWN }

    /** The router acting on its own (a service actor). */
    public static final Actor ROUTER = new Actor(Kind.SYSTEM, "router", null);

    /** How a withdrawal's reason names who withdrew: the subject, staff, the submitting organisation or a service. */
    public String who() {
        return switch (kind) {
            case CITIZEN -> "by the subject";
            case STAFF -> "by staff (" + id + ")";
            case PROCESSOR -> "by the submitting organisation " + id;
            default -> "by " + id;
        };
    }
}
