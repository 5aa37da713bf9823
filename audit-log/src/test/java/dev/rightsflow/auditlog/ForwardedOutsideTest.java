package dev.rightsflow.auditlog;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseClock;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * A processor's staff see a request they forwarded outside the platform (over OpenDSR to a Research in Practice
 * Partner that is not a tenant) as forwarded, as the subject does, with the controller's deadline counted from the
 * day the processor received it; not as a request still waiting at "received". The deadline is the one the router
 * stated on its {@code RequestForwarded}; only a forwarding written before it carried a clock is worked out here.
 */
class ForwardedOutsideTest extends AuditLogIntegrationTest {

    /** Thursday 3 September 2026: Research in Practice receives the request, for Partner Leeds (not a tenant). */
    static final Instant RECEIVED = Instant.parse("2026-09-03T10:15:00Z");

    /** A request Research in Practice received, resolved to Partner Leeds; its id. */
    private String receivedByRipForLeeds() {
        String id = "rip-" + UUID.randomUUID();
        send(Topics.REQUESTS, SeedFlow.received(id, Right.ACCESS, "rip", RECEIVED, VerificationMethod.NONE, null));
        send(Topics.CASES, SeedFlow.resolved(id, "partner-leeds", "rip", Division.ENGLAND_AND_WALES, RECEIVED));
        return id;
    }

    @Test
    void aRequestForwardedOverOpenDsrToAnExternalPartnerIsForwardedWithItsDeadlineForTheProcessorsStaff() {
        String id = receivedByRipForLeeds();
        send(Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id, RECEIVED.plusSeconds(2), SeedFlow.router(),
                new ForwardingHop("rip", "partner-leeds", null, RECEIVED), "OPENDSR", "leeds-ref-1", null));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-rip").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("FORWARDED")
                // Thursday 3 September 2026 plus one month is Saturday 3 October: the next working day
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-05"));
    }

    /**
     * The router's clock on {@code RequestForwarded} is shown as stated, even where audit-log's own facts would give
     * another date: here it counts from an identity verification audit-log's fold never saw (Thursday 10 September,
     * so Monday 12 October), where the receipt alone gives Monday 5 October.
     */
    @Test
    void aRequestForwardedOutsideShowsTheDeadlineTheRouterStatedOnTheForwarding() {
        String id = receivedByRipForLeeds();
        CaseClock stated = CaseClock.newBuilder().setStatus("FORWARDED_EXTERNALLY")
                .setClockStart(LocalDate.of(2026, 9, 10)).setStatutoryDue(LocalDate.of(2026, 10, 12))
                .setMonthOneDue(LocalDate.of(2026, 10, 12)).setPaused(false).setExtended(false)
                .setSteps(List.of("The clock starts on the day the identity was verified")).setProvisionalReason(null)
                .setTargets(List.of()).build();
        send(Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id, RECEIVED.plusSeconds(2),
                SeedFlow.router(), new ForwardingHop("rip", "partner-leeds", null, RECEIVED), "OPENDSR", "leeds-ref-2",
                stated));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-rip").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("FORWARDED")
                .jsonPath("$.deadline.clockStart").isEqualTo("2026-09-10")
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-12")
                .jsonPath("$.deadline.steps[0]").isEqualTo("The clock starts on the day the identity was verified"));
    }

    /**
     * A {@code RequestForwarded} written before it carried the router's clock (v1) still shows its controller's
     * deadline: the fallback, worked out here from the processor's receipt.
     */
    @Test
    void aForwardingWrittenBeforeItCarriedAClockStillShowsADate() throws Exception {
        String id = receivedByRipForLeeds();
        // published as written then, not through the router stand-in that would state a clock on it
        Eventing.publish(kafka, Topics.CASES, new RequestForwarded(Events.derivedId("forwarded", id), id,
                RECEIVED.plusSeconds(2), SeedFlow.router(), new ForwardingHop("rip", "partner-leeds", null, RECEIVED),
                "MANUAL", null, null)).get();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-rip").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.file.status").isEqualTo("FORWARDED")
                .jsonPath("$.deadline.statutoryDue").isEqualTo("2026-10-05"));
    }
}
