package dev.rightsflow.auditlog.dashboard.model;

import java.time.Instant;

/**
 * A staff action that passed its check ({@link ActionRules}), as the command to publish: what was asked, on which
 * request, by whom and when, with the command's id minted before it leaves (a republished command is the same
 * command). The publishing port turns it into the contract's command record.
 *
 * @param commandId      the command's event id
 * @param userName       the member of staff who took the action
 * @param organisationId the organisation they act for; null for the platform's own staff
 * @param findings       files and records attached to a manual task's confirmation ({@link ManualFindingsInput#none()}
 *                       otherwise)
 */
public record StaffCommand(String commandId, String requestId, Instant at, String userName, String organisationId,
        StaffAction action, ActionInput input, ManualFindingsInput findings) {
}
