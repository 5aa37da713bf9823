package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.ConnectorType;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.RegistryValidator;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.Verification;
import dev.rightsflow.router.resolution.model.ControllerResolver;
import dev.rightsflow.router.resolution.model.Resolution;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.schemas.model.Action;

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
    void theOlderDocumentedSpellingOfARelationshipReachesTheSameRuleInAnyCase() {
        ControllerResolver resolver = new ControllerResolver(registry);
        for (String spelling : List.of("PARTNER_MEMBER:camden", "Partner-Member : Camden", "partner_member:CAMDEN")) {
            assertThat(resolver.resolve("rip", "rip-website", spelling)).as(spelling)
                    .isInstanceOfSatisfying(Resolution.Resolved.class, r -> assertThat(r.controllerId()).isEqualTo("partner-camden"));
        }
        assertThat(resolver.resolve("rip", null, "PUBLIC_ACCOUNT"))
                .isInstanceOfSatisfying(Resolution.Resolved.class, r -> assertThat(r.controllerId()).isEqualTo("rip"));
        assertThat(resolver.resolve("rip", "rip-website", "PARTNER_MEMBER:nowhere")).isInstanceOf(Resolution.NeedsTriage.class);
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

    @Test
    void actionsAConnectorCannotDoArePlannedForAPersonNamingTheSystemAndTheAction() {
        CasePlan.Task qualtrics = task(plan("mes", Right.RECTIFICATION, false, List.of()), "qualtrics-research",
                Action.RECTIFY);
        assertThat(qualtrics.connector()).isEqualTo("manual");
        assertThat(qualtrics.taskId()).isEqualTo("r-1/qualtrics-research/RECTIFY");
        assertThat(qualtrics.connectorConfig().get("instructions"))
                .startsWith("Rectify the subject's data in Research surveys (Qualtrics, EU data centre) by hand")
                .contains("qualtrics connector cannot rectify");
        assertThat(qualtrics.connectorConfig()).doesNotContainKeys("baseUrl", "secretRef");
        assertThat(task(plan("mes", Right.RESTRICTION, false, List.of()), "qualtrics-research", Action.RESTRICT)
                .connector()).isEqualTo("manual");

        for (Right right : List.of(Right.RECTIFICATION, Right.RESTRICTION)) {
            CasePlan.Task whiteBear = plan("ecs", right, false, List.of()).tasks().stream()
                    .filter(t -> t.systemId().equals("white-bear-feedback-centre")).findFirst().orElseThrow();
            assertThat(whiteBear.connector()).as(right.name()).isEqualTo("manual");
            assertThat(whiteBear.connectorConfig().get("instructions")).contains("White Bear")
                    .contains("opendsr connector cannot");
        }
        CasePlan.Task mailchimp = task(plan("rip", Right.RECTIFICATION, false, List.of()), "mailchimp", Action.RECTIFY);
        assertThat(mailchimp.connector()).isEqualTo("manual");
        assertThat(mailchimp.connectorConfig().get("instructions")).contains("MailChimp").contains("run by mailchimp");

        CasePlan.Task hotjar = task(plan("rip", Right.CONSENT_WITHDRAWAL, false, List.of("hotjar-feedback")), "hotjar",
                Action.WITHDRAW_CONSENT);
        assertThat(hotjar.connector()).isEqualTo("manual");
        assertThat(hotjar.consentPurposes()).containsExactly("hotjar-feedback");
        assertThat(hotjar.connectorConfig().get("instructions"))
                .startsWith("Record the withdrawal of the subject's consent in Hotjar");
    }

    @Test
    void actionsAConnectorCanDoStayWithTheSystemsConnectorAndItsConfiguration() {
        CasePlan.Task qualtrics = task(plan("mes", Right.ERASURE, false, List.of()), "qualtrics-research", Action.ERASE);
        assertThat(qualtrics.connector()).isEqualTo("qualtrics");
        assertThat(qualtrics.connectorConfig()).containsEntry("directoryId", "POOL_demo0001");
        CasePlan.Task crm = task(plan("rip", Right.RECTIFICATION, false, List.of()), "crm", Action.RECTIFY);
        assertThat(crm.connector()).isEqualTo("generic-rest");
        assertThat(crm.connectorConfig()).containsEntry("rectifyPath", "/contacts/{id}");
        assertThat(task(plan("rip", Right.OBJECTION, true, List.of()), "mailchimp", Action.SUPPRESS).connector())
                .isEqualTo("mailchimp");
    }

    @Test
    void genericRestSystemWithoutThePathOfAnActionGetsAPersonForIt() {
        Organisation rip = registry.organisation("rip").orElseThrow();
        Organisation.DataSystem crm = rip.systems().stream().filter(s -> s.id().equals("crm")).findFirst().orElseThrow();
        java.util.Map<String, String> config = new java.util.HashMap<>(crm.config());
        config.remove("restrictPath");
        Organisation.DataSystem withoutPath = new Organisation.DataSystem(crm.id(), crm.name(), crm.heldBy(),
                crm.connector(), config, crm.categories(), crm.dataSubjects(), crm.lawfulBasis(), crm.actions(),
                crm.consentPurposes(), crm.directMarketing(), crm.retention(), crm.slaDays(), crm.exemptions());
        Organisation edited = rip.withoutSystem("crm");
        edited = new Organisation(edited.id(), edited.name(), edited.division(), edited.tenant(), edited.autoAccept(),
                edited.rights(), edited.targets(), edited.processorApi(), edited.forwarding(), edited.alerts(),
                edited.services(), java.util.stream.Stream.concat(edited.systems().stream(),
                        java.util.stream.Stream.of(withoutPath)).toList(), edited.recipients(),
                edited.independentControllers());
        CasePlan plan = PLANNER.plan(edited, new RequestFacts("r-1", Right.RESTRICTION, false, List.of()), DEADLINE,
                TODAY);
        CasePlan.Task restrict = task(plan, "crm", Action.RESTRICT);
        assertThat(restrict.connector()).isEqualTo("manual");
        assertThat(restrict.connectorConfig().get("instructions")).contains("no restrictPath configured");
    }

    @Test
    void aSystemHoldingTheDataWhoseActionsDoNotListTheRightGetsAPersonNotSilence() {
        CasePlan rectification = plan("rip", Right.RECTIFICATION, false, List.of());
        CasePlan.Task smartsurvey = task(rectification, "smartsurvey", Action.RECTIFY);
        assertThat(smartsurvey.connector()).isEqualTo("manual");
        assertThat(smartsurvey.connectorConfig().get("instructions"))
                .contains("the registry lists no rectify procedure for this system");
        assertThat(rectification.tasks()).filteredOn(t -> t.action() == Action.RECTIFY)
                .extracting(CasePlan.Task::systemId)
                .containsExactlyInAnyOrderElementsOf(systemIds("rip"));

        CasePlan.Task payroll = task(plan("ecs", Right.RESTRICTION, false, List.of()), "sage-payroll", Action.RESTRICT);
        assertThat(payroll.connector()).isEqualTo("manual");
        assertThat(payroll.connectorConfig().get("instructions"))
                .contains("Restrict the processing of the subject's data in SAGE")
                .contains("Usual instructions for this system: Finance exports or corrects payroll records");
        assertThat(payroll.lastSafeDispatch()).as("the holder's turnaround still applies").isNotNull();
    }

    @Test
    void systemsHoldingNoneOfTheDataARightConcernsGetNothing() {
        assertThat(plan("rip", Right.OBJECTION, true, List.of()).tasks()).extracting(CasePlan.Task::systemId)
                .containsExactlyInAnyOrder("mailchimp");
        assertThat(plan("ecs", Right.OBJECTION, false, List.of()).tasks())
                .extracting(CasePlan.Task::systemId, CasePlan.Task::action)
                .contains(org.assertj.core.groups.Tuple.tuple("office-365", Action.RESTRICT))
                .doesNotContain(org.assertj.core.groups.Tuple.tuple("opencrm", Action.RESTRICT),
                        org.assertj.core.groups.Tuple.tuple("sage-payroll", Action.RESTRICT));
        assertThat(plan("rip", Right.CONSENT_WITHDRAWAL, false, List.of("communications")).tasks())
                .extracting(CasePlan.Task::systemId).containsExactlyInAnyOrder("crm", "mailchimp");
        assertThat(plan("rip", Right.PORTABILITY, false, List.of()).tasks()).extracting(CasePlan.Task::systemId)
                .containsExactlyInAnyOrderElementsOf(systemIds("rip"));
    }

    @Test
    void withdrawingEveryConsentReachesConsentBasedSystemsWithoutDeclaredPurposes() {
        CasePlan plan = plan("rip", Right.CONSENT_WITHDRAWAL, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId)
                .containsExactlyInAnyOrder("crm", "mailchimp", "smartsurvey", "hotjar", "typeform-monday")
                .doesNotContain("matomo", "arlo-docusign");
        assertThat(task(plan, "smartsurvey", Action.WITHDRAW_CONSENT).connector()).isEqualTo("manual");
        assertThat(task(plan, "crm", Action.WITHDRAW_CONSENT).connector()).isEqualTo("generic-rest");
        assertThat(task(plan, "mailchimp", Action.WITHDRAW_CONSENT).consentPurposes()).containsExactly("communications");
    }

    @Test
    void exemptionsStayAsTheyAreWhenEverySystemIsReached() {
        CasePlan plan = plan("ecs", Right.ERASURE, false, List.of());
        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).doesNotContain("sage-payroll");
        assertThat(plan.exemptions()).extracting(CasePlan.Exemption::systemId, CasePlan.Exemption::dataCategory)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("sage-payroll", null),
                        org.assertj.core.groups.Tuple.tuple("hr-pulse", "right-to-work-documents"));
        assertThat(task(plan, "hr-pulse", Action.ERASE).dataCategories()).doesNotContain("right-to-work-documents");
    }

    @Test
    void recipientsAreToldOnlyWhenSomethingWasErasedRectifiedOrRestricted() {
        Organisation accountsOnly = registry.organisation("me-group-25").orElseThrow();
        for (String id : systemIds("me-group-25")) {
            if (!id.equals("accounts-and-payments")) {
                accountsOnly = accountsOnly.withoutSystem(id);
            }
        }
        CasePlan plan = PLANNER.plan(accountsOnly, new RequestFacts("r-1", Right.ERASURE, false, List.of()), DEADLINE,
                TODAY);
        assertThat(plan.tasks()).as("everything is kept under Art 17(3)(b): nothing to tell recipients").isEmpty();
        assertThat(plan.exemptions()).hasSize(1);
        assertThat(plan("me-group-25", Right.ACCESS, false, List.of()).tasks()).extracting(CasePlan.Task::action)
                .doesNotContain(Action.NOTIFY_RECIPIENT);
    }

    @Test
    void aRecipientWhoseConnectorCannotNotifyIsToldByAPerson() {
        Organisation trust = registry.organisation("northshire-nhs-ft").orElseThrow();
        Organisation withRestRecipient = new Organisation(trust.id(), trust.name(), trust.division(), trust.tenant(),
                trust.autoAccept(), trust.rights(), trust.targets(), trust.processorApi(), trust.forwarding(),
                trust.alerts(), trust.services(), trust.systems(),
                List.of(new Organisation.Recipient("ers-elections", "Electoral Reform Services", "generic-rest",
                        java.util.Map.of("baseUrl", "http://localhost:9199/ers", "contact", "elections team"))),
                trust.independentControllers());
        CasePlan.Task notify = task(PLANNER.plan(withRestRecipient,
                new RequestFacts("r-1", Right.ERASURE, false, List.of()), DEADLINE, TODAY),
                "recipient:ers-elections", Action.NOTIFY_RECIPIENT);
        assertThat(notify.connector()).isEqualTo("manual");
        assertThat(notify.taskId()).isEqualTo("r-1/recipient:ers-elections/NOTIFY_RECIPIENT");
        assertThat(notify.connectorConfig()).containsEntry("contact", "elections team");
        assertThat(notify.connectorConfig().get("instructions")).startsWith("Notify Electoral Reform Services");
    }

    /**
     * Over every seed organisation and every right: no task is sent to a connector that cannot do
     * it with its system's configuration (it would fail permanently and leave the action undone),
     * and access reaches every system of the data map.
     */
    @Test
    void noSeedPlanAsksAConnectorForAnActionItCannotDo() {
        int tasks = 0;
        for (Organisation o : registry.organisations()) {
            for (Right right : Right.values()) {
                for (boolean directMarketing : List.of(false, true)) {
                    CasePlan plan = PLANNER.plan(o, new RequestFacts("r-1", right, directMarketing, List.of()),
                            DEADLINE, TODAY);
                    for (CasePlan.Task t : plan.tasks()) {
                        assertThat(ConnectorType.whyNot(t.connector(), t.action(), t.connectorConfig()))
                                .as("%s %s: %s %s", o.id(), right, t.systemId(), t.action()).isEmpty();
                        tasks++;
                    }
                    if (right == Right.ACCESS) {
                        assertThat(plan.tasks()).extracting(CasePlan.Task::systemId).as(o.id())
                                .containsAll(systemIds(o.id()));
                    }
                }
            }
        }
        assertThat(tasks).isPositive();
    }

    private static List<String> systemIds(String organisationId) {
        return registry.organisation(organisationId).orElseThrow().systems().stream()
                .map(Organisation.DataSystem::id).toList();
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
