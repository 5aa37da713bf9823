/**
 * Intake as an OpenDSR 2.0 processor endpoint: the mapping of OpenDSR's request types, statuses, identities
 * and regulations ({@code model.OpenDsrMapping}), requests, status and cancellation ({@code web.OpenDsrApi},
 * {@code application.OpenDsrStatus}), and the signed status callbacks to the submitters
 * ({@code application.CallbackStore}, {@code StatusCallbacks}; {@code mongo}, {@code http}).
 */
package dev.rightsflow.intake.opendsr;
