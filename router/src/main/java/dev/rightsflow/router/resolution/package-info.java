/**
 * Who the controller of a request is: the registry's rules over relationship, service and inbound mailbox
 * ({@code model.ControllerResolver}) and the identities a controller cannot match ({@code model.SubjectIdentities}).
 * Plain Java.
 */
package dev.rightsflow.router.resolution;
