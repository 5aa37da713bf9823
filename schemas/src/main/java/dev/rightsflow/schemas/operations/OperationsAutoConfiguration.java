package dev.rightsflow.schemas.operations;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

import com.mongodb.reactivestreams.client.MongoClient;

import dev.rightsflow.schemas.state.ProjectionState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The operations wiring every service shares, once per application (so the standalone, which runs
 * the four services in one context, has it once too):
 * <ul>
 *   <li>{@code mongoHealthContributor}: {@link MongoPingHealthIndicator} in place of Spring Boot's
 *       MongoDB indicator (which the in-process server cannot answer);</li>
 *   <li>the token {@code rightsflow.actuator.token} offered to the shared actuator chain (health open,
 *       the other actuator endpoints behind an operator token);</li>
 *   <li>{@code rightsflow.catch.up.percent} and {@code rightsflow.ready} per service, from each
 *       {@link ProjectionState}.</li>
 *   <li>problem JSON for the refusals Reactor Netty sends before Spring sees a request (an over-long request line
 *       or headers: {@link dev.rightsflow.schemas.api.DecodingFailureProblems}).</li>
 * </ul>
 */
@AutoConfiguration(
        afterName = "org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
        beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration")
public class OperationsAutoConfiguration {

    /** Named as Spring Boot's own, which then backs off. */
    @Bean("mongoHealthContributor")
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.ReactiveHealthIndicator")
    @ConditionalOnBean(MongoClient.class)
    public MongoPingHealthIndicator mongoHealthContributor(MongoClient client) {
        return new MongoPingHealthIndicator(client, Duration.ofSeconds(3));
    }

    /**
     * {@code RIGHTSFLOW_ACTUATOR_TOKEN} ({@code rightsflow.actuator.token}), when set, also opens the actuator
     * endpoints other than health (for a Prometheus scraper that should hold no operator token); the shared
     * actuator chain ({@link dev.rightsflow.schemas.security.SharedWebSecurity}) checks it with the services'
     * own operator tokens.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    public dev.rightsflow.schemas.security.OperationsAccess rightsflowActuatorAccess(
            @Value("${rightsflow.actuator.token:}") String token) {
        return new dev.rightsflow.schemas.security.OperationsAccess("actuator",
                new dev.rightsflow.schemas.security.BearerTokens().with(token, "actuator-reader", "OPERATOR"));
    }

    @Bean
    @ConditionalOnClass(MeterBinder.class)
    public MeterBinder rightsflowCatchUpMetrics(ObjectProvider<ProjectionState> states) {
        return registry -> states.orderedStream().forEach(state -> {
            Gauge.builder("rightsflow.catch.up.percent", state, ProjectionState::percentCaughtUp)
                    .description("How far the service has caught up with its topics since it started, 0 to 100")
                    .tag("service", state.service()).register(registry);
            Gauge.builder("rightsflow.ready", state, s -> s.ready() ? 1 : 0)
                    .description("1 once the service has caught up with its topics and answers, else 0")
                    .tag("service", state.service()).register(registry);
        });
    }

    /** Only where the web server is Reactor Netty's (every service's, and the standalone's). */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.boot.reactor.netty.NettyServerCustomizer")
    static class NettyRefusals {

        @Bean
        org.springframework.boot.reactor.netty.NettyServerCustomizer rightsflowDecodingFailureProblems() {
            return dev.rightsflow.schemas.api.DecodingFailureProblems::on;
        }
    }
}
