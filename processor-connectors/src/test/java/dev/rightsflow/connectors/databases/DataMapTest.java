package dev.rightsflow.connectors.databases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.ConfigProblem;

/** Reading a database system's data map: the erase order, and configuration that cannot be used. */
class DataMapTest {

    @Test
    void tablesMatchedViaAnotherAreErasedBeforeIt() {
        DataMap.Parsed parsed = DataMap.parse(Map.of("tables", "members, responses, answers, payments",
                "table.members.match", "email=email", "table.members.erase", "delete",
                "table.answers.via", "response_id=responses.id", "table.answers.erase", "delete",
                "table.responses.via", "member_id=members.id", "table.responses.erase", "delete",
                "table.payments.match", "email=email", "table.payments.erase", "delete"), "tables", "table", DataMap.NAME, true);

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.map().eraseOrder()).extracting(DataMap.Table::name).containsExactly("answers", "responses", "members", "payments");
    }

    @Test
    void aViaCircleAnUnlistedTableAndAMissingEraseRuleAreEachReported() {
        DataMap.Parsed parsed = DataMap.parse(Map.of("tables", "a, b, c",
                "table.a.via", "b_id=b.id", "table.a.erase", "delete",
                "table.b.via", "a_id=a.id", "table.b.erase", "delete",
                "table.c.match", "email=email",
                "table.d.match", "email=email"), "tables", "table", DataMap.NAME, true);

        assertThat(parsed.problems()).extracting(ConfigProblem::key)
                .contains("table.a.via", "table.c.erase", "table.d.match");
        assertThat(parsed.problems()).filteredOn(p -> p.key().equals("table.a.via")).first().asString().contains("circle");
    }

    @Test
    void retainNeedsItsExemptionAndLegalBasis() {
        DataMap.Parsed parsed = DataMap.parse(Map.of("tables", "payments", "table.payments.match", "email=email",
                "table.payments.erase", "retain", "table.payments.exemption", "HMRC"), "tables", "table", DataMap.NAME, true);

        assertThat(parsed.problems()).extracting(ConfigProblem::key).containsExactly("table.payments.erase");
        assertThat(parsed.problems().get(0).message()).contains("legalBasis");
    }

    @Test
    void aCorrectionIsReadFromLabelledLinesOrAJsonObjectAndNothingElse() {
        assertThat(Correction.parse("Surname: Smith\nphone : 0161 496 0000")).hasValue(Map.of("surname", "Smith", "phone", "0161 496 0000"));
        assertThat(Correction.parse("{\"Surname\": \"Smith\"}")).hasValue(Map.of("surname", "Smith"));
        assertThat(Correction.parse("My surname is Smith, not Smyth")).isEmpty();
        assertThat(Correction.parse("{\"surname\": {\"$set\": 1}}")).isEmpty();
    }
}
