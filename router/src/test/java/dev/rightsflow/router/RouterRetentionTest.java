package dev.rightsflow.router;

import dev.rightsflow.router.cases.kafka.RetentionSchedule;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.PersonalDataErased;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import dev.rightsflow.schemas.serde.AvroSingleObjectSerde;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * The retention job for a request forwarded to a controller outside the platform, which never closes here: the
 * forwarding organisation's period counts from the forwarding, checked with a clock moved past it. ECS's period
 * is shortened to 30 days for the test (and put back), so no other test's request is due.
 */
class RouterRetentionTest extends RouterKafkaTest {

    @Autowired
    @Qualifier("routerCaseService")
    CaseService cases;
    @Autowired
    @Qualifier("routerCaseStore")
    CaseStore store;
    @Autowired
    KafkaSettings settings;

    @Test
    void requestForwardedOutIsErasedOnceTheForwardingOrganisationsPeriodHasPassedSinceTheForwarding()
            throws Exception {
        String requestId = "req-retention-forwarded";
        Integer keptDays = retentionDays("ecs");
        setRetentionDays("ecs", 30);
        try {
            send(Topics.REQUESTS, requestId,
                    SampleEvents.requestReceived(requestId, Right.ERASURE, "ecs", "healthwatch-staffordshire"));
            RequestForwarded forwarded = awaitOne(Topics.CASES, requestId, RequestForwarded.class);
            awaitCase(requestId, c -> c.jsonPath("$.status").isEqualTo("FORWARDED_EXTERNALLY"));
            Instant due = forwarded.getOccurredAt().plus(Duration.ofDays(30));

            assertThat(checkAt(due.minusSeconds(60))).as("a minute before the period ends").isZero();
            assertThat(cases.find(requestId).orElseThrow().personalDataErased).isFalse();
            assertThat(KafkaKeyStore.shared(settings).find(requestId)).isPresent();

            assertThat(checkAt(due)).as("when it ends").isGreaterThanOrEqualTo(1);
            PersonalDataErased erased = awaitOne(Topics.CASES, requestId, PersonalDataErased.class);
            assertThat(erased.getOrganisationId()).as("the forwarding organisation's period").isEqualTo("ecs");
            assertThat(erased.getRetentionDays()).isEqualTo(30);
            assertThat(erased.getClosedAt()).as("counted from the forwarding").isEqualTo(forwarded.getOccurredAt());
            assertThat(KafkaKeyStore.shared(settings).find(requestId)).as("the data key is deleted").isEmpty();
            CaseState erasedCase = cases.find(requestId).orElseThrow();
            assertThat(erasedCase.personalDataErased).isTrue();
            assertThat(erasedCase.status()).isEqualTo(CaseState.Status.FORWARDED_EXTERNALLY);
            RequestReceived kept = (RequestReceived) new AvroSingleObjectSerde()
                    .decode(store.load(requestId).orElseThrow().requestEvent());
            assertThat(kept.getSubject()).as("the request the router keeps").isEqualTo(PersonalDataCipher.blankSubject());
            assertThat(kept.getOrganisationId()).isEqualTo("ecs");

            assertThat(checkAt(due.plus(Duration.ofDays(1)))).as("erased once").isZero();
            assertThat(events(Topics.CASES, requestId, PersonalDataErased.class)).hasSize(1);
        } finally {
            setRetentionDays("ecs", keptDays);
        }
    }

    /** One retention check with the router's clock moved to {@code at}. */
    private int checkAt(Instant at) {
        return new RetentionSchedule(cases, KafkaKeyStore.shared(settings), Clock.fixed(at, ZoneOffset.UTC),
                Duration.ZERO, () -> false).checkNow();
    }

    private Integer retentionDays(String organisationId) {
        return registry.entry(organisationId).orElseThrow().organisation().requestRetentionDays();
    }

    private void setRetentionDays(String organisationId, Integer days) {
        publish(registry.entry(organisationId).orElseThrow().organisation().withRequestRetentionDays(days));
    }
}
