package dev.rightsflow.router.cases.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.requests.model.Request;
import dev.rightsflow.schemas.model.Action;

/**
 * What a task tells its system about the subject and the request: only what finding the subject there and
 * carrying out that action needs (data minimisation, UK GDPR Art 5(1)(c)). The subject is cut down to the
 * identifiers the system's data map names ({@link Organisation.DataSystem#subjectIdentifiers}); the request's
 * free text (its description, the objection's wording) never leaves the case; the rectification's "what is
 * wrong" and correction go to RECTIFY tasks only, the restriction ground to RESTRICT tasks only.
 */
final class TaskContent {

    private TaskContent() {
    }

    /**
     * The subject as the task carries it.
     *
     * @param named     the identifiers the system's data map names; empty: the email and every identifier, and
     *                  the name as well when a person does the task ({@code manual}) or the connector's
     *                  configuration looks the subject up by name ({@code {name}} in a path or segment)
     * @param connector the connector that carries the task out
     * @param config    the connector's configuration for this system
     */
    static Request.Subject subject(Request.Subject full, List<String> named, String connector,
            Map<String, String> config) {
        boolean defaults = named.isEmpty();
        boolean person = "manual".equals(connector) || config.values().stream().anyMatch(v -> v.contains("{name}"));
        Map<String, String> identifiers = new TreeMap<>();
        full.identifiers().forEach((key, value) -> {
            if (defaults || named.contains(key)) {
                identifiers.put(key, value);
            }
        });
        return new Request.Subject(defaults && person || named.contains("name") ? full.name() : "",
                defaults || named.contains("email") ? full.email() : "",
                named.contains("phone") ? full.phone() : null,
                named.contains("postalAddress") ? full.postalAddress() : null, new HashMap<>(identifiers));
    }

    /** The request's details as a task for {@code action} carries them: no free text. */
    static Request.Details details(Request.Details full, Action action, List<String> consentPurposes) {
        return new Request.Details(null, action == Action.RECTIFY ? full.rectificationWhatIsWrong() : null,
                action == Action.RECTIFY ? full.rectificationCorrection() : null,
                action == Action.RESTRICT ? full.restrictionGround() : null, null, full.objectionDirectMarketing(),
                action == Action.EXPORT ? full.portabilityTargetController() : null, List.copyOf(consentPurposes));
    }
}
