/**
 * Requests staff log: letters, emails, phone calls and visits that reached an organisation outside the
 * platform, with the day they came and the original ({@code model.OriginalFile}, {@code application.LogRequest},
 * {@code application.OriginalStore}, {@code mongo}), on the staff API ({@code web.LoggedRequestsApi}).
 */
package dev.rightsflow.intake.logged;
