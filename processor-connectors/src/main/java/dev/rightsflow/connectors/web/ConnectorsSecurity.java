package dev.rightsflow.connectors.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

import dev.rightsflow.schemas.security.ApiChains;
import dev.rightsflow.schemas.security.OperationsAccess;
import dev.rightsflow.schemas.security.ProblemResponses;

/**
 * The Spring Security chain of the operators' endpoints under {@code /connectors/**} (dead letters and retry, task
 * views, lanes, connector catalogue and validation, rebuild): {@code Authorization: Bearer <operator token>}
 * ({@link OperatorToken}, role {@code OPERATOR}); anything else is answered 401 with an RFC 9457 problem and a
 * {@code WWW-Authenticate: Bearer} challenge before any handler runs.
 *
 * <p>Matches this module's operator paths only, so the other services in the standalone keep their own rules. Two
 * paths under the prefix are not for operators and are outside the chain, keeping their own checks: the OpenDSR
 * status callbacks ({@code /api/v1/connectors/callbacks/**}, verified by the processor's signature) and the subject's
 * package download ({@code /api/v1/packages/**}, verified by the status token).
 */
@Configuration(value = "connectorsSecurity", proxyBeanMethods = false)
public class ConnectorsSecurity {

    static final String PREFIX = "/api/v1/connectors/";
    private static final String[] OPEN = {"/api/v1/connectors/callbacks/"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 31)
    public SecurityWebFilterChain connectorsSecurityFilterChain(ServerHttpSecurity http, OperatorToken token) {
        ServerWebExchangeMatcher operatorPaths = exchange ->
                protectedPath(exchange.getRequest().getPath().pathWithinApplication().value())
                        ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        return ApiChains.bearer(http, operatorPaths, token.tokens(),
                        ProblemResponses.bearer("rightsflow-connectors",
                                "send the connectors operator token as 'Authorization: Bearer <token>'"),
                        "the operator token is wrong")
                .authorizeExchange(a -> a.anyExchange().hasRole("OPERATOR"))
                .build();
    }

    @Bean
    public OperationsAccess connectorsOperationsAccess(OperatorToken token) {
        return new OperationsAccess("processor-connectors", token.tokens());
    }

    static boolean protectedPath(String path) {
        if (!path.equals("/api/v1/connectors") && !path.startsWith(PREFIX)) {
            return false;
        }
        for (String open : OPEN) {
            if (path.startsWith(open)) {
                return false;
            }
        }
        return true;
    }
}
