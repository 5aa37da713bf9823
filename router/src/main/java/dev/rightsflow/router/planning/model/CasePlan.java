package dev.rightsflow.router.planning.model;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.model.Action;

/**
 * What a controller will do for one accepted request: one task per system per action, the
 * exemptions recorded instead of tasks (with their legal basis), and the independent controllers
 * the subject is signposted to.
 */
public record CasePlan(List<Task> tasks, List<Exemption> exemptions, List<Signpost> signposts) {

    public CasePlan {
        tasks = List.copyOf(tasks);
        exemptions = List.copyOf(exemptions);
        signposts = List.copyOf(signposts);
    }

    public boolean anyAtRisk() {
        return tasks.stream().anyMatch(Task::atRisk);
    }

    /**
     * @param taskId           stable: derived from request, system and action
     * @param dataCategories   the categories the task covers (an erasure skips exempt ones)
     * @param consentPurposes  for WITHDRAW_CONSENT: the purposes withdrawn at this system
     * @param lastSafeDispatch the last day the task can leave and still come back, at the holder's
     *                         turnaround, before the case's deadline; null when no turnaround is known
     * @param atRisk           the plan is made after the last safe dispatch date
     * @param byHand           why a person does it instead of the system's connector (connector
     *                         {@code manual}); null when the system's own connector does it
     */
    public record Task(String taskId, String systemId, String systemName, Action action, String connector,
            Map<String, String> connectorConfig, List<String> dataCategories, List<String> consentPurposes,
            LocalDate lastSafeDispatch, boolean atRisk, String byHand) {
        public Task {
            connectorConfig = Map.copyOf(connectorConfig);
            dataCategories = List.copyOf(dataCategories);
            consentPurposes = List.copyOf(consentPurposes);
        }
    }

    /** Data kept instead of acted on, per system and category, with the law that allows it. */
    public record Exemption(String systemId, String dataCategory, String legalBasis, String explanation) {
    }

    public record Signpost(String organisationName, String explanation, String contact) {
    }
}
