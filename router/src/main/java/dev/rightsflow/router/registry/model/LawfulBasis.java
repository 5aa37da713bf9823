package dev.rightsflow.router.registry.model;

/**
 * The Art 6(1) lawful basis a system's processing rests on. It decides which rights reach that
 * system: portability only for consent or contract (Art 20(1)(a)) and never for public task
 * (Art 20(3)); objection on grounds of the subject's situation only for legitimate interests
 * or public task (Art 21(1)).
 */
public enum LawfulBasis {
    CONSENT, CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS, PUBLIC_TASK, LEGITIMATE_INTERESTS;

    public boolean portable() {
        return this == CONSENT || this == CONTRACT;
    }

    public boolean objectable() {
        return this == LEGITIMATE_INTERESTS || this == PUBLIC_TASK;
    }
}
