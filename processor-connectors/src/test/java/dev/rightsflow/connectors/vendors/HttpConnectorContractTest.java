package dev.rightsflow.connectors.vendors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.Outcome;

/**
 * The contract of a connector that calls a vendor over HTTP, against a local WireMock server that
 * reproduces the vendor's documented endpoints, authentication, answers, errors and rate-limit
 * answers. Nothing here reaches the real vendor.
 */
abstract class HttpConnectorContractTest extends ConnectorContractTest {

    protected static WireMockServer vendor;

    @BeforeAll
    static void startVendorStub() {
        vendor = new WireMockServer(options().dynamicPort());
        vendor.start();
    }

    @AfterAll
    static void stopVendorStub() {
        vendor.stop();
    }

    @BeforeEach
    void resetVendorStub() {
        vendor.resetAll();
    }

    @Override
    protected String baseUrl() {
        return vendor.baseUrl();
    }

    /** Stubs the vendor as holding the subject (look-ups find them; deletes and exports succeed). */
    protected abstract void stubSubjectHeld();

    /** Stubs the vendor as not holding the subject. */
    protected abstract void stubSubjectNotHeld();

    /** Checks that the vendor was called with its documented authentication. */
    protected abstract void verifyAuthenticated();

    /** What erasing a subject the vendor does not hold gives; by default "subject not found", a success. */
    protected void assertErasureOfUnknownSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.subjectFound()).isFalse());
    }

    /** What exporting a held subject gives; by default their records. */
    protected void assertExportOfHeldSubject(Outcome outcome) {
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> {
            assertThat(c.subjectFound()).isTrue();
            assertThat(c.exported()).isNotEmpty();
        });
    }

    @Test
    void erasesASubjectTheVendorHolds() {
        stubSubjectHeld();
        Outcome outcome = run(Action.ERASE);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, c -> assertThat(c.subjectFound()).isTrue());
        verifyAuthenticated();
    }

    @Test
    void erasingASubjectTheVendorDoesNotHoldIsNotAFailure() {
        stubSubjectNotHeld();
        assertErasureOfUnknownSubject(run(Action.ERASE));
    }

    @Test
    void exportsASubjectTheVendorHolds() {
        stubSubjectHeld();
        if (connector().supports().contains(Action.EXPORT)) {
            assertExportOfHeldSubject(run(Action.EXPORT));
        } else {
            assertThat(run(Action.EXPORT)).isInstanceOf(Outcome.PermanentFailure.class);
        }
    }

    @Test
    void aRateLimitAnswerIsRetriableWithTheVendorsHint() {
        vendor.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Too Many Requests\"}")));
        Outcome outcome = run(Action.ERASE);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetriableFailure.class, f -> {
            assertThat(f.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(f.reason()).contains("429");
        });
    }

    @Test
    void anOutageIsRetriable() {
        vendor.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503).withBody("Service Unavailable")));
        assertThat(run(Action.ERASE)).isInstanceOf(Outcome.RetriableFailure.class);
    }

    @Test
    void anUnreachableVendorIsRetriable() {
        Map<String, String> config = new java.util.HashMap<>(config("http://127.0.0.1:9"));
        var task = new dev.rightsflow.connectors.spi.ConnectorTask(TASK_ID, "req-1", "system-1", Action.ERASE, "ERASURE", SUBJECT,
                dev.rightsflow.connectors.spi.TaskDetails.none(), java.util.List.of(), connector().config().parse(config), 1);
        assertThat(connector().execute(task, context(secrets()))).isInstanceOf(Outcome.RetriableFailure.class);
    }

    @Test
    void rejectedCredentialsArePermanentAndSayWhatToCheck() {
        vendor.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"title\":\"API Key Invalid\",\"detail\":\"alex@example.org\"}")));
        assertThat(run(Action.ERASE)).isInstanceOfSatisfying(Outcome.PermanentFailure.class, f -> {
            assertThat(f.reason()).contains("401").contains("credentials");
            assertThat(f.reason()).doesNotContainIgnoringCase("alex@example.org");
        });
    }

    @Test
    void aMissingSecretIsPermanentAndNamesTheSecretNotItsValue() {
        stubSubjectHeld();
        Outcome outcome = connector().execute(task(Action.ERASE), context(Map.of()));
        if (secrets().isEmpty()) {
            assertThat(outcome).isNotInstanceOf(Outcome.PermanentFailure.class);
        } else {
            assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                    f -> assertThat(f.reason()).contains("secret").contains(secrets().keySet().iterator().next()));
        }
    }
}
