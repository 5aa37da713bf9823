package dev.rightsflow.auditlog;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * A processor's staff see a request they forwarded outside the platform (over OpenDSR to a Research in Practice
 * Partner that is not a tenant) as forwarded, as the subject does, with the controller's deadline counted from the
 * day the processor received it; not as a request still waiting at "received".
 */
class ForwardedOutsideTest extends AuditLogIntegrationTest {

    @Test
    void aRequestForwardedOverOpenDsrToAnExternalPartnerIsForwardedWithItsDeadlineForTheProcessorsStaff() {
        String id = "rip-" + UUID.randomUUID();
        Instant received = Instant.parse("2026-09-03T10:15:00Z");
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "rip", received, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "partner-leeds", "rip", Division.ENGLAND_AND_WALES, received));
        send(Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id, received.plusSeconds(2), SeedFlow.router(),
                new ForwardingHop("rip", "partner-leeds", null, received), "OPENDSR", "leeds-ref-1", null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-rip").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("FORWARDED")
                // Thursday 3 September 2026 plus one month is Saturday 3 October: the next working day
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-05"));
    }
}
