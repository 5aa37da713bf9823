/**
 * The conventions every service's HTTP API shares: one versioned base ({@link ApiPaths#BASE}), one RFC 9457 problem
 * vocabulary ({@link ProblemType}, the {@link Problem} record, the {@link Problems} builder and the handlers that turn
 * exceptions into problems) and the legacy path aliases kept for one release ({@link LegacyPaths}).
 */
package dev.rightsflow.schemas.api;
