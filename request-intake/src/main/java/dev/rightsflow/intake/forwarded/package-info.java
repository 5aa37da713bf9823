/**
 * The processor-to-controller way in (Art 28(3)(e)): a processor hands over a request it received
 * ({@code web.ForwardedRequestsApi}); authenticated by {@code security}.
 */
package dev.rightsflow.intake.forwarded;
