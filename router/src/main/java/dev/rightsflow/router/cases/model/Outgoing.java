package dev.rightsflow.router.cases.model;

/**
 * A fact to publish, and the case's status and deadline as they stand once it took effect (published with a fact
 * recorded on the case, {@link CaseEvent#channel()}; null before the case opened and for the others). The Kafka
 * adapter maps it to its event in the contract and picks its topic.
 */
public record Outgoing(CaseEvent event, CaseClock clock) {

    public Outgoing(CaseEvent event) {
        this(event, null);
    }

    /** The fact's type name, as in the contract. */
    public String type() {
        return event.type();
    }
}
