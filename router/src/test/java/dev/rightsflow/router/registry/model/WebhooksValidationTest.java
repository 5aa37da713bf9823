package dev.rightsflow.router.registry.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.registry.application.RegistryCodec;

/** What an admin is told about a webhook configuration that cannot work, field by field. */
class WebhooksValidationTest {

    static Registry registry;
    static Organisation mes;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = WebhooksValidationTest.class.getResourceAsStream("/registry/seed-registry.yml")) {
            registry = new Registry(new RegistryCodec().readSeed(in));
        }
        mes = registry.organisation("mes").orElseThrow();
    }

    private static List<String> fields(Webhooks webhooks) {
        return RegistryValidator.validate(mes.withWebhooks(webhooks), registry).stream().map(FieldError::field).toList();
    }

    @Test
    void aWorkableConfigurationHasNoErrors() {
        assertThat(fields(new Webhooks(List.of(new Webhooks.Endpoint("ops", "https://hooks.example.org/rf",
                List.of(WebhookEvent.CASE_OVERDUE), "MES_WEBHOOK_SECRET")),
                new Webhooks.PreApproval("https://approve.example.org", "MES_PRE", "PT48H")))).isEmpty();
    }

    @Test
    void endpointWithoutSchemeEventsOrSecretNameIsRefusedFieldByField() {
        assertThat(fields(new Webhooks(List.of(new Webhooks.Endpoint("Ops!", "ftp://hooks.example.org", List.of(), " "),
                new Webhooks.Endpoint("b", "https://user:pw@hooks.example.org", List.of(WebhookEvent.CASE_CLOSED),
                        "S"), new Webhooks.Endpoint("b", "https://x.example.org", List.of(WebhookEvent.CASE_CLOSED),
                        "S")), null)))
                .containsExactlyInAnyOrder("webhooks.endpoints[0].id", "webhooks.endpoints[0].url",
                        "webhooks.endpoints[0].events", "webhooks.endpoints[0].secretRef", "webhooks.endpoints[1].url",
                        "webhooks.endpoints[2].id");
    }

    @Test
    void preApprovalNeedsAUrlASecretNameAndAPositiveDuration() {
        assertThat(fields(new Webhooks(List.of(), new Webhooks.PreApproval("approve.example.org", null, "two days"))))
                .containsExactlyInAnyOrder("webhooks.preApproval.url", "webhooks.preApproval.secretRef",
                        "webhooks.preApproval.answerWithin");
        assertThat(fields(new Webhooks(List.of(), new Webhooks.PreApproval("https://a.example.org", "S", "PT0S"))))
                .containsExactly("webhooks.preApproval.answerWithin");
        assertThat(new Webhooks.PreApproval("https://a.example.org", "S", null).answerTime())
                .contains(Webhooks.PreApproval.DEFAULT_ANSWER_WITHIN);
    }
}
