package dev.rightsflow.connectors.tasks.model;

/**
 * Who caused an event: a stable id (service name, staff user name, organisation id), never
 * personal data of the subject.
 *
 * @param type CITIZEN, PROCESSOR, STAFF or SYSTEM
 */
public record ActorRef(String type, String id, String organisationId) {

    public static final ActorRef SERVICE = new ActorRef("SYSTEM", "processor-connectors", null);

    public static ActorRef citizen() {
        return new ActorRef("CITIZEN", "subject", null);
    }
}
