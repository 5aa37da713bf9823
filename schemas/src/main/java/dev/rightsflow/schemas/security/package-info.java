/**
 * Web security every service shares: the one shape of a machine-facing Spring Security chain ({@code ApiChains}),
 * fixed bearer tokens compared in constant time ({@code BearerTokens}), RFC 9457 answers for 401 and 403
 * ({@code ProblemResponses}), the security headers of every answer ({@code ResponseHeaders}, fed by each service's
 * {@code HeaderPolicy}) and the actuator chain ({@code SharedWebSecurity}).
 */
package dev.rightsflow.schemas.security;
