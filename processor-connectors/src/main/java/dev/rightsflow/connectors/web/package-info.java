/**
 * HTTP adapter (WebFlux): the subject's package download ({@code /api/v1/packages/{packageId}}),
 * and the service's own endpoints under {@code /connectors/...}: dead letters with one-click
 * retry, task views, the installed connectors and configuration validation, vendor callbacks, and
 * the projection rebuild. The operators' endpoints need the operator's bearer token
 * (a Spring Security chain, {@link dev.rightsflow.connectors.web.ConnectorsSecurity}); the subject's download (also at
 * {@code /api/v1/packages/{packageId}}) and the vendors' callbacks keep their own checks.
 * Errors are RFC 9457 problem details, scoped to these controllers.
 */
package dev.rightsflow.connectors.web;
