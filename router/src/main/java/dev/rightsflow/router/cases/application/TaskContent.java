package dev.rightsflow.router.cases.application;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;

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
    static Subject subject(Subject full, List<String> named, String connector, Map<String, String> config) {
        boolean defaults = named.isEmpty();
        boolean person = "manual".equals(connector) || config.values().stream().anyMatch(v -> v.contains("{name}"));
        Map<String, String> identifiers = new TreeMap<>();
        full.getIdentifiers().forEach((key, value) -> {
            if (defaults || named.contains(key.toString())) {
                identifiers.put(key.toString(), value.toString());
            }
        });
        return Subject.newBuilder()
                .setName(defaults && person || named.contains("name") ? full.getName() : "")
                .setEmail(defaults || named.contains("email") ? full.getEmail() : "")
                .setPhone(named.contains("phone") ? full.getPhone() : null)
                .setPostalAddress(named.contains("postalAddress") ? full.getPostalAddress() : null)
                .setIdentifiers(new java.util.HashMap<>(identifiers)).build();
    }

    /** The request's details as a task for {@code action} carries them: no free text. */
    static RightDetails details(RightDetails full, Action action, List<String> consentPurposes) {
        RightDetails.Builder out = RightDetails.newBuilder()
                .setObjectionDirectMarketing(full.getObjectionDirectMarketing())
                .setPortabilityTargetController(action == Action.EXPORT ? full.getPortabilityTargetController() : null)
                .setConsentPurposes(List.copyOf(consentPurposes));
        if (action == Action.RECTIFY) {
            out.setRectificationWhatIsWrong(full.getRectificationWhatIsWrong())
                    .setRectificationCorrection(full.getRectificationCorrection());
        }
        if (action == Action.RESTRICT) {
            out.setRestrictionGround(full.getRestrictionGround());
        }
        return out.build();
    }
}
