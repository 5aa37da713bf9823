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

import dev.rightsflow.schemas.api.ApiProblemAdvice;
import dev.rightsflow.schemas.api.ApiProblemWebExceptionHandler;
import dev.rightsflow.schemas.api.LegacyPaths;
import reactor.core.publisher.Mono;

/**
 * What every service's web side shares, imported by each service's configuration (imported twice, as in the
 * standalone, it is still one configuration): the {@link ResponseHeaders} filter fed with every
 * {@link HeaderPolicy} bean, the API conventions ({@link ApiProblemAdvice}, {@link LegacyPaths}), no default Spring Boot user, and the one chain of the actuator endpoints: {@code /actuator/health/**} (probes) open,
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

    /** Every controller's exceptions as problems ({@link dev.rightsflow.schemas.api.ApiProblemAdvice}). */
    @Bean
    public ApiProblemAdvice rightsflowApiProblemAdvice() {
        return new ApiProblemAdvice();
    }

    /** Exceptions no controller advice saw (404 of static resources, filters' refusals) as problems. */
    @Bean
    public ApiProblemWebExceptionHandler rightsflowApiProblemWebExceptionHandler() {
        return new ApiProblemWebExceptionHandler();
    }

    /** The legacy paths of every service ({@link LegacyPaths.Alias} beans), rewritten to their /api/v1 successors. */
    @Bean
    public LegacyPaths rightsflowLegacyPaths(ObjectProvider<LegacyPaths.Alias> aliases) {
        return new LegacyPaths(aliases.orderedStream().toList());
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
                                "send an operator token as 'Authorization: Bearer <token>'"))
                .authorizeExchange(a -> a.pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyExchange().authenticated())
                .build();
    }
}
