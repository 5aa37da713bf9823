/**
 * Forwarding a request to an external controller: the port the workflow calls ({@code application.ExternalForwarder}),
 * signed HTTP and OpenDSR 2.0 calls and the §9 cancellation ({@code http.SignedForwarder}), and the controllers'
 * signed OpenDSR status callbacks ({@code web}).
 */
package dev.rightsflow.router.forwarding;
