package dev.rightsflow.auditlog.dashboard.web;

import static dev.rightsflow.auditlog.dashboard.web.Html.esc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.auditlog.registry.RegistryView;

/**
 * The part of the triage form that maps a consent withdrawal written in free words to the
 * controller's consent purposes (Art 7(3) UK GDPR: withdrawing is as easy as consenting, so the
 * subject need not know the purposes' ids). It shows what the subject wrote and offers the
 * candidate controllers' purposes as checkboxes named {@code consentPurposes}; the router checks
 * the choice against the chosen controller and plans the withdrawal tasks. Plain HTML, no script.
 */
final class ConsentTriageFields {

    private ConsentTriageFields() {
    }

    /** The fields for this case's triage form; empty unless it is a consent withdrawal. */
    static String of(CaseFile file, RegistryView registry) {
        if (!"CONSENT_WITHDRAWAL".equals(file.right)) {
            return "";
        }
        StringBuilder b = new StringBuilder("<fieldset id=\"consent-mapping\"><legend>Consent purposes withdrawn</legend>");
        b.append("<p id=\"consent-words\">The subject wrote: <q>")
                .append(esc(file.consentWithdrawalWords == null ? "(nothing in their own words)" : file.consentWithdrawalWords))
                .append("</q>");
        if (!file.consentPurposesNamed.isEmpty()) {
            b.append(" and named: ").append(esc(String.join(", ", file.consentPurposesNamed)));
        }
        b.append("</p>");
        Set<String> candidates = new LinkedHashSet<>(file.triageCandidates);
        if (file.controllerId != null) {
            candidates.add(file.controllerId);
        }
        List<Organisation> controllers = new ArrayList<>();
        for (String id : candidates.isEmpty() ? registry.all().stream().map(Organisation::id).toList() : candidates) {
            registry.find(id).filter(o -> !o.consentPurposes().isEmpty()).ifPresent(controllers::add);
        }
        if (controllers.isEmpty()) {
            b.append("<p>No candidate controller lists consent purposes: the withdrawal reaches every system that"
                    + " rests on consent.</p>");
        }
        for (Organisation o : controllers) {
            for (Organisation.ConsentPurpose p : o.consentPurposes()) {
                b.append("<label><input type=\"checkbox\" name=\"consentPurposes\" value=\"").append(esc(p.id()))
                        .append("\"> ").append(esc(p.name())).append(" <small>(").append(esc(o.name())).append(", ")
                        .append(esc(p.id())).append(")</small></label>");
            }
        }
        return b.append("</fieldset>").toString();
    }
}
