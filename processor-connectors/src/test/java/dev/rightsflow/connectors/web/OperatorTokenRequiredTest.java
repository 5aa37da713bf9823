package dev.rightsflow.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.rightsflow.connectors.ProcessorConnectorsProperties;

/**
 * Production by default: a processor-connectors context without the demo and without an operator token does not
 * start, and says which setting is missing; with the setting it starts.
 */
class OperatorTokenRequiredTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProcessorConnectorsProperties.class)
    static class Properties {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Properties.class).withBean(OperatorToken.class);

    @Test
    void withoutTheDemoAndWithoutATokenItRefusesToStartNamingTheSetting() {
        context.run(c -> {
            assertThat(c).hasFailed();
            assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("rightsflow.connectors.operator-token")
                    .hasMessageContaining("CONNECTORS_OPERATOR_TOKEN");
        });
        context.withPropertyValues("rightsflow.connectors.operator-token=" + ProcessorConnectorsProperties.DEMO_OPERATOR_TOKEN)
                .run(c -> assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("published demo token"));
    }

    @Test
    void withTheSettingOrTheDemoItStarts() {
        context.withPropertyValues("rightsflow.connectors.operator-token=an-operator-secret")
                .run(c -> assertThat(c).hasNotFailed().hasSingleBean(OperatorToken.class));
        context.withPropertyValues("rightsflow.demo=true")
                .run(c -> assertThat(c).hasNotFailed().hasSingleBean(OperatorToken.class));
    }
}
