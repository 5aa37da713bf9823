package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;

import dev.rightsflow.intake.submission.application.DuplicateRegister;
import dev.rightsflow.intake.mail.application.Mailer;
import dev.rightsflow.intake.status.application.StatusStore;
import dev.rightsflow.intake.mail.OutboxMailer;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.PersonalDataErased;

/**
 * What intake keeps of a requester goes when the router erases the request after its retention period
 * ({@code PersonalDataErased} on the cases topic): the demo outbox's messages about it, and its duplicate fingerprint
 * (a hash of the email) in the status view and the duplicate register. A request flagged as its duplicate keeps the
 * link; another request of the same person keeps its own messages and fingerprint.
 */
class ErasureInIntakeTest extends IntakeIntegrationTest {

    @Autowired
    StatusStore statuses;
    @Autowired
    DuplicateRegister duplicates;

    OutboxMailer outbox;

    @Autowired
    void outbox(@Qualifier("intakeMailer") Mailer intakeMailer) {
        this.outbox = (OutboxMailer) intakeMailer;
    }

    @Test
    void erasedRequestLosesItsOutboxMessagesAndFingerprintsAndItsDuplicateKeepsTheLink() throws Exception {
        String body = """
                {"right": "access", "organisationId": "me-group-25",
                 "subject": {"name": "Erin Example", "email": "erin.erased@example.org"}}""";
        String first = submit(body);
        String second = submit(body);
        await().atMost(Duration.ofSeconds(10)).until(() -> messagesAbout(first) == 1 && messagesAbout(second) == 1);
        RequestStatus before = status(first);
        assertThat(before.fingerprint()).isNotNull();
        assertThat(status(second).duplicateOf()).isEqualTo(first);
        // the status listener has folded both requests from the topic, so nothing registers the first again later
        await().atMost(Duration.ofSeconds(20)).until(this::statusListenerCaughtUpWithRequests);

        publish(Topics.CASES, PersonalDataErased.newBuilder().setEventId(Events.derivedId(first, "PersonalDataErased"))
                .setRequestId(first).setOccurredAt(Instant.now()).setActor(Events.service("router"))
                .setOrganisationId("me-group-25").setRetentionDays(2190).setClosedAt(Instant.now())
                .setReason("personal data erased after retention").build());

        await().atMost(Duration.ofSeconds(20)).until(() -> messagesAbout(first) == 0);
        assertThat(outbox.latest(500).block()).as("no message to the requester about the erased request")
                .noneMatch(m -> m.text().contains(first));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(first).fingerprint() == null);
        assertThat(status(first).requestId()).isEqualTo(first);
        // the register no longer names the erased request: a new identical request is nobody's duplicate
        String probe = "probe-" + first;
        assertThat(duplicates.firstOrRegister(before.fingerprint(), probe, Instant.now(),
                Instant.now().minus(Duration.ofDays(30))).block()).isEmpty();
        duplicates.forget(before.fingerprint(), probe).block();

        assertThat(status(second).duplicateOf()).as("the link holds only request ids: it stays").isEqualTo(first);
        assertThat(status(second).fingerprint()).as("the other request is not erased").isEqualTo(before.fingerprint());
        assertThat(messagesAbout(second)).isEqualTo(1);
    }

    private long messagesAbout(String requestId) {
        return outbox.latest(500).block().stream().filter(m -> m.text().contains("reference " + requestId + ")")).count();
    }

    /** The status listener's committed offset on the requests topic is its end (it commits after each record). */
    private boolean statusListenerCaughtUpWithRequests() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaSettings.bootstrapServers()))) {
            TopicPartition requests = new TopicPartition(Topics.REQUESTS, 0);
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(RequestIntakeConfiguration.GROUP + "-status")
                    .partitionsToOffsetAndMetadata().get().get(requests);
            long end = admin.listOffsets(Map.of(requests, OffsetSpec.latest())).partitionResult(requests).get().offset();
            return committed != null && committed.offset() >= end;
        }
    }

    private RequestStatus status(String requestId) {
        return statuses.find(requestId).block().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private String submit(String body) {
        Map<String, Object> receipt = web.post().uri("/api/v1/requests").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isAccepted().expectBody(Map.class).returnResult()
                .getResponseBody();
        return (String) receipt.get("requestId");
    }
}
