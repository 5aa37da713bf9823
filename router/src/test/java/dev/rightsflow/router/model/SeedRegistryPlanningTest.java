package dev.rightsflow.router.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.application.RegistryCodec;

/** The domain core against the shipped seed registry: every seed organisation's typical request. */
class SeedRegistryPlanningTest {

    static Registry registry;
    static final WorkingCalendar WEEKDAYS = (division, day) -> day.getDayOfWeek() != DayOfWeek.SATURDAY
            && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    static final Planner PLANNER = new Planner(WEEKDAYS, parts -> String.join("/", parts));
    static final LocalDate DEADLINE = LocalDate.of(2026, 10, 5);
    static final LocalDate TODAY = LocalDate.of(2026, 9, 3);

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SeedRegistryPlanningTest.class.getResourceAsStream("/registry/seed-registry.yml")) {
            registry = new Registry(new RegistryCodec().readSeed(in));
        }
    }

    @Test
    void seedRegistryIsValid() {
        for (Organisation o : registry.organisations()) {
            assertThat(RegistryValidator.validate(o, registry)).as(o.id()).isEmpty();
        }
        assertThat(registry.organisations()).extracting(Organisation::id)
                .contains("mes", "ecs", "me-group-25", "empower", "rip", "northshire-nhs-ft", "riverside-nhs-ft",
                        "partner-camden", "partner-leeds");
    }

    @Test
    void requestToMesAboutTrustMembershipSiteResolvesToTheTrustAndIsForwarded() {
        Resolution r = new ControllerResolver(registry).resolve("mes", "northshire-membership", null);
        assertThat(r).isInstanceOfSatisfying(Resolution.Resolved.class, res -> {
            assertThat(res.controllerId()).isEqualTo("northshire-nhs-ft");
            assertThat(res.receiverIsProcessor()).isTrue();
            assertThat(res.rule()).contains("processor").contains("Northshire");
        });
    }

    @Test
    void requestToMesAboutItsCorporateWebsiteStaysWithMes() {
        Resolution r = new ControllerResolver(registry).resolve("mes", "mes-corporate-website", null);
        assertThat(r).isEqualTo(new Resolution.Resolved("mes", "mes-corporate-website", false,
                "'MES corporate website (www.membra.co.uk)' is controlled by Membership Engagement Services Ltd (MES)"));
    }

    @Test
    void ripPartnerMemberResolvesToThePartnerAndPublicAccountToRip() {
        ControllerResolver resolver = new ControllerResolver(registry);
        assertThat(resolver.resolve("rip", "rip-website", "partner-member:camden"))
                .isInstanceOfSatisfying(Resolution.Resolved.class, r -> {
                    assertThat(r.controllerId()).isEqualTo("partner-camden");
                    assertThat(r.receiverIsProcessor()).isTrue();
                });
        assertThat(resolver.resolve("rip", "rip-website", "public-account"))
                .isInstanceOfSatisfying(Resolution.Resolved.class, r -> {
                    assertThat(r.controllerId()).isEqualTo("rip");
                    assertThat(r.receiverIsProcessor()).isFalse();
                });
    }

    @Test
    void ripRequestWithoutRelationshipGoesToTriageWithEveryCandidate() {
        assertThat(new ControllerResolver(registry).resolve("rip", "rip-website", null))
                .isInstanceOfSatisfying(Resolution.NeedsTriage.class, t ->
                        assertThat(t.candidates()).contains("rip", "partner-camden", "partner-leeds"));
    }

    @Test
    void unknownServiceOrOrganisationGoesToTriage() {
        ControllerResolver resolver = new ControllerResolver(registry);
        assertThat(resolver.resolve("mes", "no-such-site", null)).isInstanceOf(Resolution.NeedsTriage.class);
        assertThat(resolver.resolve("nobody", null, null)).isInstanceOf(Resolution.NeedsTriage.class);
        assertThat(resolver.resolve("ecs", "northshire-membership", null)).isInstanceOf(Resolution.NeedsTriage.class);
    }

    @Test
    void trustErasurePlansManualAndHttpTasksKeepsElectionRecordsAndNotifiesRecipients() {
        CasePlan plan = plan("northshire-nhs-ft", Right.ERASURE, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).contains("engage-membership-database",
                "clickrsvp", "membership-office", "recipient:ers-elections");
        assertThat(plan.tasks()).extracting(CasePlan.Task::connector).contains("manual", "generic-rest");
        CasePlan.Task engage = task(plan, "engage-membership-database", Action.ERASE);
        assertThat(engage.dataCategories()).doesNotContain("election-records").contains("email");
        assertThat(plan.exemptions()).anySatisfy(e -> {
            assertThat(e.dataCategory()).isEqualTo("election-records");
            assertThat(e.legalBasis()).contains("Art 17(3)(b)");
        });
        assertThat(engage.lastSafeDispatch()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(engage.atRisk()).isFalse();
    }

    @Test
    void meGroupErasureKeepsAccountsSevenYearsAndSignpostsPaypalAndBtMyDonate() {
        CasePlan plan = plan("me-group-25", Right.ERASURE, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).doesNotContain("accounts-and-payments");
        assertThat(plan.exemptions()).anySatisfy(e -> {
            assertThat(e.systemId()).isEqualTo("accounts-and-payments");
            assertThat(e.dataCategory()).isNull();
            assertThat(e.legalBasis()).contains("Art 17(3)(b)");
        });
        assertThat(plan.signposts()).extracting(CasePlan.Signpost::organisationName)
                .containsExactly("PayPal", "BT MyDonate");
        assertThat(registry.organisation("me-group-25").orElseThrow().division()).isEqualTo(Division.SCOTLAND);
    }

    @Test
    void meGroupConsentWithdrawalReachesOnlyTheNamedPurpose() {
        CasePlan plan = plan("me-group-25", Right.CONSENT_WITHDRAWAL, false, List.of("contact-list-email"));
        assertThat(plan.tasks()).hasSize(1);
        assertThat(plan.tasks().get(0).systemId()).isEqualTo("members-contact-list");
        assertThat(plan.tasks().get(0).consentPurposes()).containsExactly("contact-list-email");
    }

    @Test
    void empowerNeedsDocumentsForAccessHasStricterTargetsAndWaitsForStaff() {
        Organisation empower = registry.organisation("empower").orElseThrow();
        assertThat(empower.verificationFor(Right.ACCESS)).isEqualTo(Verification.DOCUMENTARY);
        assertThat(empower.targets()).isEqualTo(new Organisation.Targets(5, 20));
        assertThat(empower.autoAccept()).isFalse();
        CasePlan plan = plan("empower", Right.ACCESS, false, List.of());
        assertThat(plan.tasks()).allSatisfy(t -> assertThat(t.action()).isEqualTo(Action.EXPORT));
    }

    @Test
    void directMarketingObjectionSuppressesAndDeletesNothing() {
        CasePlan plan = plan("empower", Right.OBJECTION, true, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::action).containsOnly(Action.SUPPRESS);
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).containsExactly("marketing-contacts");
    }

    @Test
    void ecsPortabilityExportsOnlyConsentOrContractSystems() {
        CasePlan plan = plan("ecs", Right.PORTABILITY, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).contains("opencrm")
                .doesNotContain("office-365", "sage-payroll");
        assertThat(plan.exemptions()).anySatisfy(e -> assertThat(e.legalBasis()).contains("Art 20(1)(a)"));
    }

    @Test
    void ripRectificationTellsAssociatesUnderArticle19() {
        CasePlan plan = plan("rip", Right.RECTIFICATION, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::action).contains(Action.RECTIFY, Action.NOTIFY_RECIPIENT);
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).contains("recipient:associates");
    }

    @Test
    void taskIdsAreStableAcrossReplanning() {
        assertThat(plan("rip", Right.ERASURE, false, List.of()).tasks())
                .isEqualTo(plan("rip", Right.ERASURE, false, List.of()).tasks());
    }

    @Test
    void taskPlannedAfterItsLastSafeDispatchDateIsAtRisk() {
        Organisation trust = registry.organisation("northshire-nhs-ft").orElseThrow();
        CasePlan plan = PLANNER.plan(trust, new RequestFacts("r-1", Right.ERASURE, false, List.of()), DEADLINE,
                LocalDate.of(2026, 9, 28));
        assertThat(task(plan, "membership-office", Action.ERASE).atRisk()).isTrue();
        assertThat(task(plan, "engage-membership-database", Action.ERASE).atRisk()).isFalse();
    }

    private static CasePlan plan(String controller, Right right, boolean directMarketing, List<String> purposes) {
        return PLANNER.plan(registry.organisation(controller).orElseThrow(),
                new RequestFacts("r-1", right, directMarketing, purposes), DEADLINE, TODAY);
    }

    private static CasePlan.Task task(CasePlan plan, String systemId, Action action) {
        return plan.tasks().stream().filter(t -> t.systemId().equals(systemId) && t.action() == action).findFirst()
                .orElseThrow();
    }
}
