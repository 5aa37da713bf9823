package dev.rightsflow.auditlog.alerts.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import dev.rightsflow.auditlog.AuditLogProperties;
import dev.rightsflow.auditlog.alerts.model.AlertDue;
import dev.rightsflow.auditlog.alerts.model.AlertKind;
import dev.rightsflow.auditlog.registry.Organisation;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;

/** Alert webhooks come from the registry: one on loopback or the metadata address is refused unless allowed. */
class WebhookNotifierOutboundTest {

    static final WireMockServer RECEIVER = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final AlertDue ALERT = new AlertDue("r-1", AlertKind.OVERDUE, LocalDate.parse("2026-10-05"), null);

    @BeforeAll
    static void start() {
        RECEIVER.start();
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @BeforeEach
    void reset() {
        RECEIVER.resetAll();
        RECEIVER.stubFor(WireMock.post("/alerts/ecs").willReturn(WireMock.ok()));
    }

    private static WebhookNotifier notifier(List<String> allowed) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < allowed.size(); i++) {
            settings.put("rightsflow.audit-log.webhook-allowed-hosts[" + i + "]", allowed.get(i));
        }
        return new WebhookNotifier(new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("rightsflow.audit-log", AuditLogProperties.class));
    }

    private static Organisation ecs(String webhook) {
        return new Organisation("ecs", 1, "ECS", "ENGLAND_AND_WALES", List.of(), List.of(), null, webhook);
    }

    @Test
    void aLoopbackWebhookIsRefusedWithoutAConnectionUnlessAllowed() throws Exception {
        String webhook = "http://127.0.0.1:" + RECEIVER.port() + "/alerts/ecs";

        assertThatThrownBy(() -> notifier(List.of()).notify(ecs(webhook), ALERT, "http://x/case").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ForbiddenOutboundAddressException.class).hasMessageContaining("loopback");
        assertThat(RECEIVER.getAllServeEvents()).isEmpty();

        notifier(List.of("127.0.0.1")).notify(ecs(webhook), ALERT, "http://x/case").get(10, TimeUnit.SECONDS);
        assertThat(RECEIVER.getAllServeEvents()).hasSize(1);
    }

    @Test
    void theMetadataAddressIsRefused() {
        assertThatThrownBy(() -> notifier(List.of("localhost")).notify(ecs("http://169.254.169.254/latest/meta-data"),
                ALERT, "http://x/case").get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ForbiddenOutboundAddressException.class).hasMessageContaining("link-local");
    }
}
