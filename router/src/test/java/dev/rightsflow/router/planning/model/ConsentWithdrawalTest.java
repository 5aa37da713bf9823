package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.FieldError;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Registry;
import dev.rightsflow.router.registry.model.RegistryValidator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.rightsflow.router.registry.application.RegistryCodec;

/** When a consent withdrawal needs a person to map it to the controller's purposes (Art 7(3)), on the seed registry. */
class ConsentWithdrawalTest {

    static Organisation meGroup;
    static Registry registry;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ConsentWithdrawalTest.class.getResourceAsStream("/registry/seed-registry.yml")) {
            registry = new Registry(new RegistryCodec().readSeed(in));
        }
        meGroup = registry.organisation("me-group-25").orElseThrow();
    }

    @Test
    void everyPurposeASystemServesIsInItsOrganisationsCatalogueWithAPlainName() {
        for (Organisation o : registry.organisations()) {
            for (Organisation.DataSystem s : o.systems()) {
                assertThat(s.consentPurposes()).as(o.id() + "/" + s.id())
                        .allSatisfy(p -> assertThat(o.consentPurpose(p)).isPresent());
            }
            assertThat(o.consentPurposes()).allSatisfy(p -> assertThat(p.name()).isNotBlank().doesNotContain("-"));
        }
    }

    @Test
    void purposesNamedByTheirIdsNeedNoPerson() {
        assertThat(ConsentWithdrawal.needsMapping(meGroup, List.of("contact-list-email", "CONTACT-LIST-DATE-OF-BIRTH")))
                .isEmpty();
    }

    @Test
    void aWithdrawalNamingNoPurposeOrPurposesInOwnWordsNeedsStaffWithoutQuotingTheSubject() {
        assertThat(ConsentWithdrawal.needsMapping(meGroup, List.of())).get().asString()
                .contains("names no consent purpose", "25% M.E. Group", "Art 7(3)");
        String words = "publishing my name and email on the members' contact list";
        assertThat(ConsentWithdrawal.needsMapping(meGroup, List.of("contact-list-email", words))).get().asString()
                .contains("1 purpose in words").doesNotContain(words);
    }

    @Test
    void staffMustChooseAtLeastOnePurposeAndOnlyTheControllersOwn() {
        assertThat(ConsentWithdrawal.invalidChoice(meGroup, List.of())).get().asString().contains("contact-list-email");
        assertThat(ConsentWithdrawal.invalidChoice(meGroup, List.of("newsletter"))).get().asString()
                .contains("[newsletter] is not among 25% M.E. Group's consent purposes");
        assertThat(ConsentWithdrawal.invalidChoice(meGroup, List.of("contact-list-email", "health-statistics"))).isEmpty();
    }

    @Test
    void aSystemServingAPurposeMissingFromTheCatalogueIsARegistryError() {
        Organisation.DataSystem list = meGroup.systems().stream().filter(s -> !s.consentPurposes().isEmpty())
                .findFirst().orElseThrow();
        Organisation broken = meGroup.withoutSystem(list.id());
        Organisation.DataSystem unknown = new Organisation.DataSystem(list.id(), list.name(), list.heldBy(),
                list.connector(), list.config(), list.categories(), list.dataSubjects(), list.lawfulBasis(),
                list.actions(), List.of("shoe-size"), list.directMarketing(), list.retention(), list.slaDays(),
                list.exemptions());
        Organisation withUnknown = new Organisation(broken.id(), broken.name(), broken.division(), broken.tenant(),
                broken.autoAccept(), broken.rights(), broken.targets(), broken.processorApi(), broken.forwarding(),
                broken.alerts(), broken.services(), List.of(unknown), broken.recipients(),
                broken.independentControllers(), broken.allowedOutboundHosts(), broken.requestRetentionDays(),
                broken.consentPurposes());
        assertThat(RegistryValidator.validate(withUnknown, registry)).extracting(FieldError::field)
                .contains("systems[0].consentPurposes[0]");
    }
}
