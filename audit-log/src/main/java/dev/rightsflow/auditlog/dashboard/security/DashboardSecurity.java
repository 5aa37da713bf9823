package dev.rightsflow.auditlog.dashboard.security;

import java.net.URI;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Staff sign-in for the dashboard and the audit API, and nothing else: the chain matches only
 * {@code /dashboard/**}, {@code /api/v1/dashboard/**} and {@code /api/v1/audit/**}, so the other
 * services in the standalone keep their own rules. Pages use form login at
 * {@code /dashboard/login} (sign out: POST {@code /dashboard/logout}) with CSRF tokens on every
 * form; the JSON API also takes HTTP Basic and answers 401 instead of redirecting. Passwords are
 * BCrypt hashes from configuration.
 */
@Configuration(value = "auditLogDashboardSecurity", proxyBeanMethods = false)
public class DashboardSecurity {

    public static final String LOGIN = "/dashboard/login";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 20)
    public SecurityWebFilterChain auditLogSecurityFilterChain(ServerHttpSecurity http, StaffDirectory staff) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        UserDetails[] users = staff.all().stream()
                .map(u -> User.withUsername(u.username())
                        .password(u.passwordHash().startsWith("{bcrypt}") ? u.passwordHash().substring(8) : u.passwordHash())
                        .roles(u.organisationId() == null || u.organisationId().isBlank() ? "ADMIN" : "STAFF")
                        .build())
                .toArray(UserDetails[]::new);
        UserDetailsRepositoryReactiveAuthenticationManager manager =
                new UserDetailsRepositoryReactiveAuthenticationManager(new MapReactiveUserDetailsService(users));
        manager.setPasswordEncoder(bcrypt);

        var api = ServerWebExchangeMatchers.pathMatchers("/api/v1/dashboard/**", "/api/v1/audit/**");
        DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
                new DelegatingServerAuthenticationEntryPoint.DelegateEntry(api,
                        new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED)));
        entryPoint.setDefaultEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN));
        RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
        loggedOut.setLogoutSuccessUrl(URI.create(LOGIN + "?signedOut"));

        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/dashboard", "/dashboard/**",
                        "/api/v1/dashboard/**", "/api/v1/audit/**"))
                .authenticationManager(manager)
                .authorizeExchange(a -> a.pathMatchers(LOGIN).permitAll().anyExchange().authenticated())
                .formLogin(f -> f.loginPage(LOGIN)
                        .authenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler("/dashboard"))
                        .authenticationEntryPoint(entryPoint))
                .httpBasic(b -> b.authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint))
                .logout(l -> l.logoutUrl("/dashboard/logout").logoutSuccessHandler(loggedOut))
                .csrf(c -> c.requireCsrfProtectionMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST,
                        "/dashboard/**")))
                .build();
    }
}
