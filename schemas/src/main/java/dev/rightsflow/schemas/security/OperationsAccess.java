package dev.rightsflow.schemas.security;

/**
 * A service's operator credentials, offered to the shared actuator chain ({@link SharedWebSecurity}): each service
 * contributes its own (router: its admin token; intake, connectors, audit-log: their operator tokens), so in the
 * standalone any of them opens {@code /actuator/**}, and a service on its own needs its own.
 *
 * @param service for the bean name and the logs
 * @param tokens  the tokens (may be empty: that service then opens nothing)
 */
public record OperationsAccess(String service, BearerTokens tokens) {
}
