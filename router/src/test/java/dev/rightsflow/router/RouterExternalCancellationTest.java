package dev.rightsflow.router;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.ExternalCancellationRecorded;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The OpenDSR 2.0 §9 cancellation of a request forwarded to an external controller and then closed
 * as withdrawn (Partner Leeds's endpoint being a local WireMock stub that answers with receipts
 * signed by its test certificate): its outcome is an event on the cases topic, so a rebuild keeps
 * it and sends nothing again, and a cancellation that never went out (the process stopped between
 * the close and the call) is sent when the router goes live.
 */
class RouterExternalCancellationTest extends RouterKafkaTest {

    static final String LEEDS = RouterForwardingTest.LEEDS;
    static final String CONFIRMED = "req-cancel-confirmed";
    static final String OWED = "req-cancel-owed";
    static final String REFUSED = "req-cancel-refused";

    @BeforeAll
    static void stubLeeds() {
        for (String requestId : List.of(CONFIRMED, OWED, REFUSED)) {
            String reference = SignedForwarder.subjectRequestId(requestId, "partner-leeds");
            controllerStub.stubFor(post(urlEqualTo(LEEDS)).atPriority(1).withRequestBody(containing(reference))
                    .willReturn(RouterForwardingTest.signedReceipt(requestId)));
        }
        for (String requestId : List.of(CONFIRMED, OWED)) {
            controllerStub.stubFor(delete(urlEqualTo(cancelPath(requestId))).willReturn(signedCancellation(requestId)));
        }
        // Leeds no longer holds the request as pending: it refuses the cancellation (§9: 409).
        controllerStub.stubFor(delete(urlEqualTo(cancelPath(REFUSED))).willReturn(aResponse().withStatus(409)));
    }

    static String cancelPath(String requestId) {
        return LEEDS + "/" + SignedForwarder.subjectRequestId(requestId, "partner-leeds");
    }

    /** Leeds's §9.2 cancellation receipt (202), signed in the body and in the header with its test certificate. */
    static ResponseDefinitionBuilder signedCancellation(String requestId) {
        OpenDsrCodec codec = new OpenDsrCodec();
        Messages.CancellationReceipt receipt = codec.signedCancellation(new Messages.CancellationReceipt("rip",
                "2026-10-02T09:00:05Z", SignedForwarder.subjectRequestId(requestId, "partner-leeds"), null, "2.0"),
                LEEDS_OPENDSR);
        byte[] body = codec.write(receipt);
        return aResponse().withStatus(202).withHeader("Content-Type", "application/json")
                .withHeader("X-OpenDSR-Processor-Domain", LEEDS_DOMAIN)
                .withHeader("X-OpenDSR-Signature", LEEDS_OPENDSR.sign(body)).withBody(body);
    }

    private void forwardedToLeeds(String requestId) throws Exception {
        pointAtStub("partner-leeds", ForwardingMode.OPENDSR, LEEDS, "LEEDS_OPENDSR_KEY");
        send(Topics.REQUESTS, requestId, RequestReceived.newBuilder(
                SampleEvents.requestReceived(requestId, Right.ACCESS, "rip", "rip-website"))
                .setRelationship("partner-member:leeds").build());
        assertThat(awaitOne(Topics.CASES, requestId, RequestForwarded.class).getMode()).isEqualTo("OPENDSR");
        awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
    }

    private void closeAsWithdrawn(String requestId) throws Exception {
        send(Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder().setEventId("cmd-close-" + requestId)
                .setRequestId(requestId).setOccurredAt(at("2026-10-02T08:00:00Z")).setActor(dpo("rip"))
                .setOutcome("withdrawn").setSummary("The subject withdrew the request").build());
    }

    private List<LoggedRequest> cancellations(String requestId) {
        return controllerStub.findAll(deleteRequestedFor(urlEqualTo(cancelPath(requestId))));
    }

    @Test
    void confirmedCancellationIsAnEventThatSurvivesARebuildAndIsNotSentAgain() throws Exception {
        forwardedToLeeds(CONFIRMED);
        closeAsWithdrawn(CONFIRMED);

        ExternalCancellationRecorded recorded = awaitOne(Topics.CASES, CONFIRMED, ExternalCancellationRecorded.class);
        assertThat(recorded.getEventId()).isEqualTo(Events.derivedId("external-cancellation", CONFIRMED));
        assertThat(recorded.getControllerId()).isEqualTo("partner-leeds");
        assertThat(recorded.getConfirmed()).isTrue();
        assertThat(recorded.getOutcome()).contains("confirmed the cancellation");
        awaitCase(CONFIRMED, c -> c.jsonPath("$.externalCancellation").isEqualTo(recorded.getOutcome()));
        List<LoggedRequest> calls = cancellations(CONFIRMED);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer leeds-test-key");
        assertThat(calls.get(0).getHeader("Idempotency-Key"))
                .isEqualTo(Events.derivedId(CONFIRMED, "opendsr-cancel", "partner-leeds"));
        String before = caseView(CONFIRMED);

        rebuild();

        assertThat(caseView(CONFIRMED)).isEqualTo(before);
        caseJson(CONFIRMED).jsonPath("$.externalCancellation").isEqualTo(recorded.getOutcome())
                .jsonPath("$.status").isEqualTo("CLOSED");
        // going live after the rebuild found the outcome on the topic: nothing is owed, nothing sent again
        await("no second DELETE").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> cancellations(CONFIRMED).size() == 1);
        assertThat(events(Topics.CASES, CONFIRMED, ExternalCancellationRecorded.class)).hasSize(1);
    }

    @Test
    void cancellationThatNeverWentOutIsSentWhenTheRouterGoesLive() throws Exception {
        forwardedToLeeds(OWED);
        // The router decided the close and published it, then stopped before the DELETE: the close is
        // on the cases topic, the store (restored from before it) does not know it, no outcome exists.
        send(Topics.CASES, OWED, CaseClosed.newBuilder()
                .setEventId(Events.derivedId("cmd-close-" + OWED, "CaseClosed")).setRequestId(OWED)
                .setOccurredAt(at("2026-10-02T08:00:00Z")).setActor(dpo("rip")).setOutcome("Withdrawn")
                .setSummary("The subject withdrew the request").build());
        // live, the router does not act on its own past events
        await("no DELETE while live").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> cancellations(OWED).isEmpty());

        rebuild();

        ExternalCancellationRecorded recorded = awaitOne(Topics.CASES, OWED, ExternalCancellationRecorded.class);
        assertThat(recorded.getConfirmed()).isTrue();
        List<LoggedRequest> calls = cancellations(OWED);
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Idempotency-Key"))
                .isEqualTo(Events.derivedId(OWED, "opendsr-cancel", "partner-leeds"));
        awaitCase(OWED, c -> c.jsonPath("$.status").isEqualTo("CLOSED")
                .jsonPath("$.externalCancellation").isEqualTo(recorded.getOutcome()));
    }

    @Test
    void refusedCancellationIsRecordedAsNotConfirmedWithoutNamingAnyone() throws Exception {
        forwardedToLeeds(REFUSED);
        closeAsWithdrawn(REFUSED);

        ExternalCancellationRecorded recorded = awaitOne(Topics.CASES, REFUSED, ExternalCancellationRecorded.class);
        assertThat(recorded.getConfirmed()).isFalse();
        assertThat(recorded.getOutcome()).contains("not confirmed").contains("HTTP 409")
                .contains("tell the controller by hand").doesNotContain("@");
        awaitCase(REFUSED, c -> c.jsonPath("$.externalCancellation").isEqualTo(recorded.getOutcome()));
        assertThat(cancellations(REFUSED)).hasSize(1);
    }
}
