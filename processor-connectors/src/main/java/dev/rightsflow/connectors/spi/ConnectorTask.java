package dev.rightsflow.connectors.spi;

import java.util.List;

import dev.rightsflow.schemas.model.Action;

/**
 * One task for one subject on one system.
 *
 * @param taskId         stable id, the same on every attempt: send it to vendors that accept an
 *                       idempotency key or a request id of the caller's choosing
 * @param requestId      the rights request the task belongs to
 * @param systemId       the system in the registry, e.g. {@code opencrm}
 * @param action         what to do
 * @param right          the right exercised, e.g. {@code ACCESS}, {@code PORTABILITY}
 * @param subject        who
 * @param details        what the subject asked for beyond the right
 * @param dataCategories the categories of data the registry says the system holds
 * @param config         the system's validated configuration
 * @param attempt        1 for the first attempt
 */
public record ConnectorTask(String taskId, String requestId, String systemId, Action action, String right,
        TaskSubject subject, TaskDetails details, List<String> dataCategories, ConnectorConfig config, int attempt) {

    public ConnectorTask {
        dataCategories = dataCategories == null ? List.of() : List.copyOf(dataCategories);
        details = details == null ? TaskDetails.none() : details;
    }
}
