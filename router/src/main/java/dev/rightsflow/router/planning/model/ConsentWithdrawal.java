package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.Organisation;
import java.util.List;
import java.util.Optional;
import dev.rightsflow.schemas.model.Counted;

/**
 * Whether a consent withdrawal can be planned as the subject named it. Consent is withdrawn per
 * purpose, and withdrawing must be as easy as giving consent (Art 7(3) UK GDPR; shared/DOMAIN.md,
 * "consent withdrawal"): a subject who writes what they withdraw in their own words, or names no
 * purpose, has withdrawn something all the same. Such a withdrawal is never planned with no task:
 * it goes to triage, where staff read the subject's words and choose the controller's purposes it
 * means ({@code ResolveTriage.consentPurposes}).
 */
public final class ConsentWithdrawal {

    private ConsentWithdrawal() {
    }

    /**
     * Why the purposes a withdrawal names cannot be planned at the controller without a person
     * mapping them; empty when every named purpose is one of the controller's. The reason names no
     * words of the subject's (they stay in the request, which staff read on the case).
     */
    public static Optional<String> needsMapping(Organisation controller, List<String> named) {
        if (named.isEmpty()) {
            return Optional.of("the consent withdrawal names no consent purpose of " + controller.name()
                    + ": staff read the subject's words and choose the purposes withdrawn (Art 7(3))");
        }
        long unknown = named.stream().filter(p -> controller.consentPurpose(p).isEmpty()).count();
        if (unknown > 0) {
            return Optional.of("the consent withdrawal names " + Counted.of(unknown, "purpose") + " in words that match none of "
                    + controller.name() + "'s consent purposes: staff read the subject's words and choose the"
                    + " purposes withdrawn (Art 7(3))");
        }
        return Optional.empty();
    }

    /**
     * What is wrong with the purposes staff chose for a withdrawal at this controller; empty when
     * they can be planned: at least one, each one of the controller's (a controller without a
     * catalogue has nothing to choose from, and the withdrawal reaches every system resting on
     * consent, {@link Planner}).
     */
    public static Optional<String> invalidChoice(Organisation controller, List<String> chosen) {
        if (chosen.isEmpty() && !controller.consentPurposes().isEmpty()) {
            return Optional.of("choose the consent purposes the subject withdraws, from "
                    + controller.consentPurposes().stream().map(Organisation.ConsentPurpose::id).toList());
        }
        List<String> unknown = chosen.stream().filter(p -> controller.consentPurpose(p).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            return Optional.of(unknown + " is not among " + controller.name() + "'s consent purposes");
        }
        return Optional.empty();
    }
}
