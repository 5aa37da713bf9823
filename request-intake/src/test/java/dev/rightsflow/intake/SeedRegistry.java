package dev.rightsflow.intake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.avro.ConsentPurpose;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ProcessorAuth;
import dev.rightsflow.schemas.avro.ResponseTarget;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightPolicy;
import dev.rightsflow.schemas.avro.ServiceRef;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * The router's seed registry ({@code router/src/main/resources/registry/seed-registry.yml}) as the
 * router publishes it on the REGISTRY topic: the same organisation and service ids, divisions,
 * processor authentication methods and identity verification per right. Every organisation takes
 * all seven rights; the rights listed in the seed only set the verification. Tests publish these
 * on the REGISTRY topic themselves (intake does not depend on the router).
 */
final class SeedRegistry {

    /** MES authenticates with a bearer key (seed: {@code processorApi.auth: BEARER}). */
    static final String MES_TOKEN = "test-only-mes-bearer-token";
    /**
     * Northshire's bearer key, set only under the name its registry entry gives it
     * ({@code processorApi.secretRef: NORTHSHIRE_PROCESSOR_TOKEN}), by the one secrets rule.
     */
    static final String NORTHSHIRE_TOKEN = "test-only-northshire-bearer-token";
    /** ECS signs its calls with HMAC-SHA256 (seed: {@code processorApi.auth: HMAC}). */
    static final String ECS_SECRET = "test-only-ecs-hmac-secret";

    private SeedRegistry() {
    }

    static List<OrganisationPublished> all() {
        Map<Right, VerificationMethod> allNone = rights(Map.of());
        Map<Right, VerificationMethod> emailCodeForAccess = rights(Map.of(Right.ACCESS, VerificationMethod.EMAIL_CODE,
                Right.PORTABILITY, VerificationMethod.EMAIL_CODE));
        return List.of(
                org("mes", "Membership Engagement Services Ltd (MES)", Division.ENGLAND_AND_WALES, ProcessorAuth.BEARER,
                        emailCodeForAccess,
                        List.of(service("mes-corporate-website", "MES corporate website (www.membra.co.uk)", "mes"),
                                service("northshire-membership", "Northshire Hospitals NHS FT membership application site",
                                        "northshire-nhs-ft", "mes"),
                                service("northshire-clicksurvey", "Northshire Hospitals NHS FT ClickSurvey", "northshire-nhs-ft", "mes"),
                                service("riverside-membership", "Riverside University Hospitals NHS FT membership application site",
                                        "riverside-nhs-ft", "mes")),
                        List.of()),
                withDocument(org("northshire-nhs-ft", "Northshire Hospitals NHS Foundation Trust", Division.ENGLAND_AND_WALES,
                        ProcessorAuth.BEARER, rights(Map.of(Right.ACCESS, VerificationMethod.EMAIL_CODE)), List.of(), List.of()),
                        NORTHSHIRE_DOCUMENT),
                org("riverside-nhs-ft", "Riverside University Hospitals NHS Foundation Trust", Division.ENGLAND_AND_WALES,
                        ProcessorAuth.NONE, allNone, List.of(), List.of()),
                org("ecs", "Engaging Communities Staffordshire (ECS)", Division.ENGLAND_AND_WALES, ProcessorAuth.HMAC, allNone,
                        List.of(service("ecs-website", "ECS website, newsletters and surveys", "ecs"),
                                service("ecs-advocacy", "ECS independent advocacy", "ecs"),
                                service("healthwatch-staffordshire", "Healthwatch Staffordshire feedback centre",
                                        "staffordshire-cc", "ecs")),
                        List.of()),
                org("staffordshire-cc", "Staffordshire County Council", Division.ENGLAND_AND_WALES, ProcessorAuth.NONE,
                        allNone, List.of(), List.of()),
                withPurposes(org("me-group-25", "25% M.E. Group", Division.SCOTLAND, ProcessorAuth.NONE,
                        emailCodeForAccess,
                        List.of(service("me-group-membership", "25% M.E. Group membership", "me-group-25"),
                                service("me-group-donations", "25% M.E. Group donations", "me-group-25")),
                        List.of()),
                        purpose("contact-list-name-address-phone",
                                "Publishing your name, address and telephone number on the members' contact list"),
                        purpose("contact-list-email", "Publishing your email address on the members' contact list"),
                        purpose("contact-list-date-of-birth", "Publishing your date of birth on the members' contact list"),
                        purpose("contact-list-personal-summary",
                                "Publishing your personal summary on the members' contact list"),
                        purpose("health-statistics",
                                "Using your health information for statistics and reports on severe ME")),
                org("empower", "Empower Community Interest Company", Division.ENGLAND_AND_WALES, ProcessorAuth.BEARER,
                        rights(Map.of(Right.ACCESS, VerificationMethod.DOCUMENTARY, Right.PORTABILITY, VerificationMethod.DOCUMENTARY)),
                        List.of(service("empower-mentoring", "Empower mentoring, training and volunteering", "empower"),
                                service("crc-referral-support", "Support for people referred by the CRC", "crc-partner", "empower")),
                        List.of(ResponseTarget.newBuilder().setRegime("ORGANISATION").setAcknowledgeWorkingDays(5)
                                .setRespondWorkingDays(20).build())),
                org("crc-partner", "Community Rehabilitation Company (referral partner)", Division.ENGLAND_AND_WALES,
                        ProcessorAuth.NONE, allNone, List.of(), List.of()),
                withDocument(org("rip", "Research in Practice (National Children's Bureau)", Division.ENGLAND_AND_WALES, ProcessorAuth.BEARER,
                        allNone, List.of(service("rip-website", "Research in Practice website, events and learning", "rip")),
                        List.of()), RIP_DOCUMENT),
                org("partner-camden", "London Borough of Camden (Research in Practice Partner)", Division.ENGLAND_AND_WALES,
                        ProcessorAuth.NONE, allNone, List.of(), List.of()),
                org("partner-leeds", "Leeds City Council (Research in Practice Partner)", Division.ENGLAND_AND_WALES,
                        ProcessorAuth.NONE, allNone, List.of(), List.of()));
    }

    /** The rip-website's relationship rules as the router's registry entry carries them (seed-registry.yml). */
    static final String RIP_DOCUMENT = """
            {"organisation": {"id": "rip", "services": [{"id": "rip-website", "controllerId": "rip", "relationships": [
              {"relationship": "public-account", "controllerId": "rip"},
              {"relationship": "individual-subscriber", "controllerId": "rip"},
              {"relationship": "partner-member:camden", "controllerId": "partner-camden"},
              {"relationship": "partner-member:leeds", "controllerId": "partner-leeds"}]}], "systems": []},
             "version": 1, "seedDigest": "test"}""";

    /** Two of the trust's systems and a recipient, with their names (seed-registry.yml). */
    static final String NORTHSHIRE_DOCUMENT = """
            {"organisation": {"id": "northshire-nhs-ft", "services": [],
              "processorApi": {"auth": "BEARER", "secretRef": "NORTHSHIRE_PROCESSOR_TOKEN"}, "systems": [
              {"id": "engage-membership-database", "name": "Engage membership database (run by MES)"},
              {"id": "membership-office", "name": "Membership office paper files"}],
             "recipients": [{"id": "ers-elections", "name": "Electoral Reform Services (governor elections)"}]},
             "version": 1, "seedDigest": "test"}""";

    private static OrganisationPublished withDocument(OrganisationPublished org, String document) {
        return OrganisationPublished.newBuilder(org).setDocument(document).build();
    }

    /** All seven rights, NONE unless the seed names a verification method for the right. */
    private static Map<Right, VerificationMethod> rights(Map<Right, VerificationMethod> verification) {
        Map<Right, VerificationMethod> rights = new java.util.EnumMap<>(Right.class);
        for (Right right : Right.values()) {
            if (right != Right.UNKNOWN) {
                rights.put(right, verification.getOrDefault(right, VerificationMethod.NONE));
            }
        }
        return rights;
    }

    /** The organisation with its catalogue of consent purposes (seed: {@code consentPurposes}). */
    private static OrganisationPublished withPurposes(OrganisationPublished org, ConsentPurpose... purposes) {
        return OrganisationPublished.newBuilder(org).setConsentPurposes(List.of(purposes)).build();
    }

    private static ConsentPurpose purpose(String id, String name) {
        return ConsentPurpose.newBuilder().setPurposeId(id).setName(name).setDescription(null).build();
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
