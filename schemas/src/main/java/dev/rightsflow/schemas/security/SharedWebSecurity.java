package dev.rightsflow.schemas.security;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import reactor.core.publisher.Mono;

/**
 * What every service's web side shares, imported by each service's configuration (imported twice, as in the
 * standalone, it is still one configuration): the {@link ResponseHeaders} filter fed with every
 * {@link HeaderPolicy} bean, no default Spring Boot user, and the one chain of the actuator endpoints: {@code /actuator/health/**} (probes) open,
 * the rest of {@code /actuator/**} (metrics, Prometheus) for an operator token of any {@link OperationsAccess}.
 */
@Configuration(value = "rightsflowSharedWebSecurity", proxyBeanMethods = false)
public class SharedWebSecurity {

    @Bean
    public ResponseHeaders rightsflowResponseHeaders(ObjectProvider<HeaderPolicy> policies) {
        List<HeaderPolicy> all = new java.util.ArrayList<>(policies.orderedStream().toList());
        all.add(ResponseHeaders.SWAGGER_UI);
        return new ResponseHeaders(all);
    }

    /**
     * No user at all outside the chains' own credentials: without this bean Spring Boot would make a default user
     * and print its generated password in the log.
     */
    @Bean
    public ReactiveUserDetailsService rightsflowNoDefaultUser() {
        return username -> Mono.empty();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    public SecurityWebFilterChain rightsflowActuatorSecurityFilterChain(ServerHttpSecurity http,
            ObjectProvider<OperationsAccess> operators) {
        ReactiveAuthenticationManager any = presented -> Mono.defer(() -> {
            Authentication found = null;
            for (OperationsAccess access : operators.orderedStream().toList()) {
                Authentication match = access.tokens().match((String) presented.getCredentials()).orElse(null);
                if (found == null) {
                    found = match;
                }
            }
            return found == null ? Mono.error(new BadCredentialsException("the operator token is wrong"))
                    : Mono.just(found);
        });
        return ApiChains.stateless(http, ServerWebExchangeMatchers.pathMatchers("/actuator", "/actuator/**"),
                        BearerTokens.converter(), any, ProblemResponses.bearer("rightsflow-operations",
                                "Operator token required", "send an operator token as 'Authorization: Bearer <token>'"))
                .authorizeExchange(a -> a.pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyExchange().authenticated())
                .build();
    }
}
