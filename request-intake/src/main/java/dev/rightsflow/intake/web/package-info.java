/**
 * Request intake's HTTP adapters (WebFlux): the citizens' JSON API under {@code /api/v1/requests},
 * the processor API {@code /api/v1/forwarded-requests}, the web form and status page ({@code /},
 * {@code /requests/...}), the outbox and rebuild under {@code /intake/...}, problem JSON for
 * intake's controllers only, and rate limiting of the public paths.
 */
package dev.rightsflow.intake.web;
