package dev.rightsflow.router.cases.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;

/** What a task carries about the subject and the request (data minimisation, Art 5(1)(c)). */
class TaskContentTest {

    private static final Subject FULL = Subject.newBuilder().setName("Alex Example").setEmail("alex@example.org")
            .setPhone("07700 900123").setPostalAddress("1 Old Street")
            .setIdentifiers(Map.of("membershipNumber", "M-1001", "hotjarUserId", "hj-7")).build();
    private static final RightDetails DETAILS = RightDetails.newBuilder().setDescription("I moved house last year")
            .setRectificationWhatIsWrong("my address").setRectificationCorrection("2 New Street")
            .setRestrictionGround("ACCURACY_CONTESTED").setObjectionProcessing("profiling me for adverts")
            .setConsentPurposes(List.of("newsletter")).build();

    @Test
    void aSystemThatNamesItsIdentifiersGetsOnlyThose() {
        Subject task = TaskContent.subject(FULL, List.of("email", "hotjarUserId"), "hotjar", Map.of());
        assertThat(task.getEmail()).isEqualTo("alex@example.org");
        assertThat(task.getIdentifiers()).containsOnlyKeys("hotjarUserId");
        assertThat(task.getName()).isEmpty();
        assertThat(task.getPhone()).isNull();
        assertThat(task.getPostalAddress()).isNull();
    }

    @Test
    void byDefaultAConnectorGetsTheEmailAndIdentifiersAndAPersonTheNameToo() {
        Subject api = TaskContent.subject(FULL, List.of(), "mailchimp", Map.of());
        assertThat(api.getEmail()).isEqualTo("alex@example.org");
        assertThat(api.getIdentifiers()).containsOnlyKeys("membershipNumber", "hotjarUserId");
        assertThat(api.getName()).isEmpty();
        assertThat(api.getPhone()).isNull();
        assertThat(TaskContent.subject(FULL, List.of(), "manual", Map.of()).getName()).isEqualTo("Alex Example");
        assertThat(TaskContent.subject(FULL, List.of(), "generic-rest", Map.of("lookupPath", "/people?name={name}"))
                .getName()).as("looked up by name").isEqualTo("Alex Example");
    }

    @Test
    void noTaskCarriesTheFreeTextAndOnlyRectificationCarriesTheCorrection() {
        for (Action action : Action.values()) {
            RightDetails task = TaskContent.details(DETAILS, action, List.of("newsletter"));
            assertThat(task.getDescription()).as(action.name()).isNull();
            assertThat(task.getObjectionProcessing()).as(action.name()).isNull();
            assertThat(task.getConsentPurposes()).as(action.name()).containsExactly("newsletter");
            assertThat(task.getRectificationCorrection()).as(action.name())
                    .isEqualTo(action == Action.RECTIFY ? "2 New Street" : null);
            assertThat(task.getRestrictionGround()).as(action.name())
                    .isEqualTo(action == Action.RESTRICT ? "ACCURACY_CONTESTED" : null);
        }
    }
}
