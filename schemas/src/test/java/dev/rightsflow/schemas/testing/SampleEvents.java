package dev.rightsflow.schemas.testing;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.avro.VerificationMethod;

/** Events with realistic content for tests (schemas test-jar). The people are invented. */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static Subject subject() {
        return Subject.newBuilder().setName("Alex Example").setEmail("alex@example.org")
                .setIdentifiers(Map.of("membershipNumber", "M-1001")).build();
    }

    public static RightDetails noDetails() {
        return RightDetails.newBuilder().setConsentPurposes(List.of()).build();
    }

    public static RequestReceived requestReceived(String requestId, Right right, String organisationId, String serviceId) {
        Instant now = Instant.parse("2026-09-03T10:15:00Z");
        return RequestReceived.newBuilder()
                .setEventId(Events.derivedId("received", requestId))
                .setRequestId(requestId)
                .setOccurredAt(now)
                .setActor(new Actor(ActorType.CITIZEN, "web", null))
                .setRight(right)
                .setChannel(Channel.API)
                .setSubject(subject())
                .setOrganisationId(organisationId)
                .setServiceId(serviceId)
                .setDetails(noDetails())
                .setReceivedAt(now)
                .setVerification(VerificationMethod.NONE)
                .setProvisionalDeadline(LocalDate.parse("2026-10-05"))
                .build();
    }
}
