package dev.rightsflow.router.cases.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.router.requests.model.Request.Details;
import dev.rightsflow.router.requests.model.Request.Subject;

/** What a task carries about the subject and the request (data minimisation, Art 5(1)(c)). */
class TaskContentTest {

    private static final Subject FULL = new Subject("Alex Example", "alex@example.org", "07700 900123",
            "1 Old Street", Map.of("membershipNumber", "M-1001", "hotjarUserId", "hj-7"));
    private static final Details DETAILS = new Details("I moved house last year", "my address", "2 New Street",
            "ACCURACY_CONTESTED", "profiling me for adverts", false, null, List.of("newsletter"));

    @Test
    void aSystemThatNamesItsIdentifiersGetsOnlyThose() {
        Subject task = TaskContent.subject(FULL, List.of("email", "hotjarUserId"), "hotjar", Map.of());
        assertThat(task.email()).isEqualTo("alex@example.org");
        assertThat(task.identifiers()).containsOnlyKeys("hotjarUserId");
        assertThat(task.name()).isEmpty();
        assertThat(task.phone()).isNull();
        assertThat(task.postalAddress()).isNull();
    }

    @Test
    void byDefaultAConnectorGetsTheEmailAndIdentifiersAndAPersonTheNameToo() {
        Subject api = TaskContent.subject(FULL, List.of(), "mailchimp", Map.of());
        assertThat(api.email()).isEqualTo("alex@example.org");
        assertThat(api.identifiers()).containsOnlyKeys("membershipNumber", "hotjarUserId");
        assertThat(api.name()).isEmpty();
        assertThat(api.phone()).isNull();
        assertThat(TaskContent.subject(FULL, List.of(), "manual", Map.of()).name()).isEqualTo("Alex Example");
        assertThat(TaskContent.subject(FULL, List.of(), "generic-rest", Map.of("lookupPath", "/people?name={name}"))
                .name()).as("looked up by name").isEqualTo("Alex Example");
    }

    @Test
    void noTaskCarriesTheFreeTextAndOnlyRectificationCarriesTheCorrection() {
        for (Action action : Action.values()) {
            Details task = TaskContent.details(DETAILS, action, List.of("newsletter"));
            assertThat(task.description()).as(action.name()).isNull();
            assertThat(task.objectionProcessing()).as(action.name()).isNull();
            assertThat(task.consentPurposes()).as(action.name()).containsExactly("newsletter");
            assertThat(task.rectificationCorrection()).as(action.name())
                    .isEqualTo(action == Action.RECTIFY ? "2 New Street" : null);
            assertThat(task.restrictionGround()).as(action.name())
                    .isEqualTo(action == Action.RESTRICT ? "ACCURACY_CONTESTED" : null);
        }
    }
}
