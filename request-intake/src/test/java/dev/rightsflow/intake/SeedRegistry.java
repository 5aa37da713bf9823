package dev.rightsflow.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ProcessorAuth;
import dev.rightsflow.schemas.avro.ResponseTarget;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightPolicy;
import dev.rightsflow.schemas.avro.ServiceRef;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * Registry entries for the five seed customers (shared/seeds) as the router publishes them, plus an
 * invented NHS trust that is the controller of an MES membership site. Tests publish these on the
 * REGISTRY topic themselves.
 */
final class SeedRegistry {

    static final String MES_SECRET = "test-only-mes-hmac-secret";
    static final String ECS_KEY = "test-only-ecs-bearer-key";

    private SeedRegistry() {
    }

    static List<OrganisationPublished> all() {
        Map<Right, VerificationMethod> allNone = rights(VerificationMethod.NONE);
        return List.of(
                org("mes", "Membership Engagement Services", Division.ENGLAND_AND_WALES, ProcessorAuth.HMAC, allNone,
                        List.of(service("mes-website", "MES corporate website", "mes"),
                                service("mes-membership-site", "NHS trust membership site", "nhs-trust", "mes"),
                                service("clicksurvey", "ClickSurvey", "nhs-trust", "mes")), List.of()),
                org("ecs", "Engaging Communities Solutions", Division.ENGLAND_AND_WALES, ProcessorAuth.BEARER, allNone,
                        List.of(service("healthwatch-staffordshire", "Healthwatch Staffordshire", "nhs-trust", "ecs"),
                                service("ecs-website", "ECS website", "ecs")), List.of()),
                org("25-me-group", "25% M.E. Group", Division.SCOTLAND, ProcessorAuth.NONE,
                        Map.of(Right.ACCESS, VerificationMethod.EMAIL_CODE, Right.ERASURE, VerificationMethod.EMAIL_CODE,
                                Right.CONSENT_WITHDRAWAL, VerificationMethod.NONE, Right.RECTIFICATION, VerificationMethod.NONE,
                                Right.OBJECTION, VerificationMethod.NONE),
                        List.of(service("25me-membership", "Membership and contact list", "25-me-group")), List.of()),
                org("empower-cic", "Empower CIC", Division.ENGLAND_AND_WALES, ProcessorAuth.NONE,
                        Map.of(Right.ACCESS, VerificationMethod.DOCUMENTARY, Right.ERASURE, VerificationMethod.NONE,
                                Right.OBJECTION, VerificationMethod.NONE, Right.RECTIFICATION, VerificationMethod.NONE,
                                Right.RESTRICTION, VerificationMethod.NONE, Right.PORTABILITY, VerificationMethod.DOCUMENTARY),
                        List.of(service("empower-employability", "Employability programme", "empower-cic")),
                        List.of(ResponseTarget.newBuilder().setRegime("ORGANISATION").setAcknowledgeWorkingDays(5)
                                .setRespondWorkingDays(20).build())),
                org("research-in-practice", "Research in Practice", Division.ENGLAND_AND_WALES, ProcessorAuth.HMAC, allNone,
                        List.of(service("rip-public-accounts", "Public accounts", "research-in-practice")), List.of()),
                org("nhs-trust", "Example NHS Foundation Trust", Division.ENGLAND_AND_WALES, ProcessorAuth.NONE,
                        Map.of(Right.ACCESS, VerificationMethod.EMAIL_CODE, Right.ERASURE, VerificationMethod.NONE,
                                Right.RECTIFICATION, VerificationMethod.NONE, Right.OBJECTION, VerificationMethod.NONE),
                        List.of(service("nhs-trust-membership", "Foundation trust membership", "nhs-trust", "mes")),
                        List.of()));
    }

    private static Map<Right, VerificationMethod> rights(VerificationMethod method) {
        Map<Right, VerificationMethod> rights = new java.util.EnumMap<>(Right.class);
        for (Right right : Right.values()) {
            if (right != Right.UNKNOWN) {
                rights.put(right, method);
            }
        }
        return rights;
    }

    private static ServiceRef service(String id, String name, String controller, String... processors) {
        return ServiceRef.newBuilder().setServiceId(id).setName(name).setControllerId(controller)
                .setProcessorIds(List.of(processors)).build();
    }

    private static OrganisationPublished org(String id, String name, Division division, ProcessorAuth auth,
            Map<Right, VerificationMethod> rights, List<ServiceRef> services, List<ResponseTarget> targets) {
        List<RightPolicy> policies = new ArrayList<>();
        rights.forEach((right, method) -> policies.add(new RightPolicy(right, method)));
        return OrganisationPublished.newBuilder()
                .setEventId(Events.derivedId("organisation", id, "1"))
                .setRequestId(id)
                .setOccurredAt(Instant.parse("2026-09-01T08:00:00Z"))
                .setActor(Events.service("router"))
                .setOrganisationId(id)
                .setVersion(1)
                .setName(name)
                .setDivision(division)
                .setServices(services)
                .setRights(policies)
                .setProcessorAuth(auth)
                .setTargets(targets)
                .setDocument("{}")
                .build();
    }
}
