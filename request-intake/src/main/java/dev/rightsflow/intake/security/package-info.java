/**
 * Who may call what: intake's Spring Security chains ({@code web.IntakeSecurity}: processor, OpenDSR,
 * staff and operator paths), processor authentication by the method the registry names
 * ({@code web.ProcessorAuthentication}, {@code model.ProcessorSignature}) and the replay guard for signatures
 * ({@code application.ReplayGuard}, {@code mongo.MongoReplayGuard}).
 */
package dev.rightsflow.intake.security;
