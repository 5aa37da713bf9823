/**
 * HTTP adapter (WebFlux): the subject's package download ({@code /api/v1/packages/{packageId}}),
 * and the service's own endpoints under {@code /connectors/...}: dead letters with one-click
 * retry, task views, the installed connectors and configuration validation, vendor callbacks, and
 * the projection rebuild. Errors are RFC 9457 problem details, scoped to these controllers.
 */
package dev.rightsflow.connectors.web;
