/**
 * The subject withdraws their own request: the use case ({@code application.WithdrawRequest}), the
 * {@code CloseCase} command it sends ({@code application.CancellationCommands}, {@code kafka}) and the two-step
 * "Withdraw this request" pages ({@code web.WithdrawalPages}).
 */
package dev.rightsflow.intake.withdrawal;
