package dev.rightsflow.auditlog.deadlines.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The calculator and the holiday list are open: they compute dates from public law (the gov.uk bank holidays, UK GDPR)
 * and an organisation's published response targets, reads no case and returns no personal
 * data, so the citizen form and the dashboard's "what if" can both call it. The chain matches
 * only the calculator's path, so it changes nothing for other modules' paths.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ServerHttpSecurity.class)
public class DeadlinesSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 25)
    public SecurityWebFilterChain auditLogDeadlinesSecurityFilterChain(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers(
                        DeadlineCalculatorController.PATH, DeadlineCalculatorController.PATH + "/**",
                        DeadlineCalculatorController.HOLIDAYS_PATH))
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .requestCache(cache -> cache.requestCache(
                        org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .build();
    }
}
