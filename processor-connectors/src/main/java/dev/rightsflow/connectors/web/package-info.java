/**
 * The web pieces every feature shares: the operators' bearer token and the Spring Security chain that protects
 * {@code /api/v1/connectors/**} ({@link dev.rightsflow.connectors.web.ConnectorsSecurity}; the subject's download at
 * {@code /api/v1/packages/{packageId}} and the vendors' callbacks keep their own checks), and the RFC 9457 answer
 * for invalid configuration. The controllers live in their features ({@code tasks.web}, {@code packages.web}).
 */
package dev.rightsflow.connectors.web;
