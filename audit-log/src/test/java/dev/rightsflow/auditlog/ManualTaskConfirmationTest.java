package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.auditlog.dashboard.model.ManualFindingsInput;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.TaskAction;

/**
 * Confirming a manual access task through the staff API with what was found: a copy of a file and typed records go
 * onto CASE_COMMANDS in the {@code ConfirmManualTask}'s findings (for the connectors' access package); a file of a
 * type the package does not take, a file whose content is not what its name says, or too much, is refused with a
 * problem and nothing is published; the audit trail keeps the counts and withholds the findings.
 */
class ManualTaskConfirmationTest extends AuditLogIntegrationTest {

    private static final byte[] PDF = "%PDF-1.4\n% a scanned reply form\n".getBytes(StandardCharsets.US_ASCII);

    private String waitingExport() {
        String id = openCase("me-group-25", Division.SCOTLAND, Instant.parse("2026-09-03T10:15:00Z"), true);
        PlannedTask paper = SeedFlow.task(id, "membership-records", TaskAction.EXPORT, "manual", LocalDate.parse("2026-09-28"));
        send(Topics.CASES, SeedFlow.accepted(id, Instant.parse("2026-09-04T09:00:00Z")));
        send(Topics.CASES, SeedFlow.planned(id, Instant.parse("2026-09-04T09:00:01Z"), List.of(paper)));
        send(Topics.TASK_RESULTS, SeedFlow.needsPerson(id, paper, Instant.parse("2026-09-04T09:01:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-me-group").get()
                .uri("/api/v1/dashboard/cases/{id}", id).exchange().expectBody()
                .jsonPath("$.file.tasks[0].state").isEqualTo("NEEDS_PERSON"));
        return id;
    }

    private List<SpecificRecord> commandsFor(String id) {
        return topic(Topics.CASE_COMMANDS).stream().filter(c -> id.equals(Events.requestId(c))).toList();
    }

    private static String taskOf(String id) {
        return SeedFlow.task(id, "membership-records", TaskAction.EXPORT, "manual", LocalDate.parse("2026-09-28")).getTaskId();
    }

    @Test
    void aFileAndRecordsAttachedThroughTheApiTravelInTheCommandAndTheTrailKeepsOnlyTheirCounts() {
        String id = waitingExport();
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, taskOf(id))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subjectFound", true, "evidence", "Found the member's paper file in the office",
                        "searchedBy", List.of("name", "membership or account number"),
                        "files", List.of(Map.of("fileName", "C:\\scans\\reply-form.pdf", "contentBase64", Base64.getEncoder().encodeToString(PDF))),
                        "records", List.of(Map.of("category", "membership record",
                                "fields", Map.of("joined", "March 2019", "branch", "Glasgow")))))
                .exchange().expectStatus().isAccepted()
                .expectBody().jsonPath("$.command").isEqualTo("ConfirmManualTask").jsonPath("$.filesAttached").isEqualTo(1);

        ConfirmManualTask confirm = (ConfirmManualTask) commandsFor(id).get(0);
        assertThat(confirm.getFilesAttached()).isEqualTo(1);
        assertThat(confirm.getRecordsAttached()).isEqualTo(1);
        assertThat(confirm.getFindings().getSearchedBy()).containsExactly("name", "membership or account number");
        assertThat(confirm.getFindings().getFiles()).singleElement().satisfies(f -> {
            assertThat(f.getFileName()).as("no directory part").isEqualTo("reply-form.pdf");
            assertThat(f.getMediaType()).isEqualTo("application/pdf");
            ByteBuffer content = f.getContent().duplicate();
            byte[] bytes = new byte[content.remaining()];
            content.get(bytes);
            assertThat(bytes).isEqualTo(PDF);
        });
        assertThat(confirm.getFindings().getRecords()).singleElement()
                .satisfies(r -> assertThat(r.getFields()).containsEntry("branch", "Glasgow"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("demo-me-group").get()
                .uri("/api/v1/audit/{id}", id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.sourceEventType == 'ConfirmManualTask')].payload.findings").isEqualTo(List.of("[withheld]"))
                .jsonPath("$[?(@.sourceEventType == 'ConfirmManualTask')].payload.filesAttached").isEqualTo(List.of(1)));
    }

    @Test
    void aFileOfAnotherTypeOrWithOtherContentOrTooMuchIsRefusedAndNothingIsPublished() {
        String id = waitingExport();
        String task = taskOf(id);
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subjectFound", true, "evidence", "x", "files", List.of(Map.of("fileName", "tool.exe",
                        "contentBase64", Base64.getEncoder().encodeToString(new byte[] {'M', 'Z', 0, 0})))))
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("files")
                .jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("'tool.exe' is not a file type"));
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subjectFound", true, "evidence", "x", "files", List.of(Map.of("fileName", "letter.pdf",
                        "contentBase64", Base64.getEncoder().encodeToString(new byte[] {'M', 'Z', 0, 0})))))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("does not contain what its name says"));
        byte[] large = new byte[ManualFindingsInput.MAX_FILE_BYTES + 1];
        System.arraycopy(PDF, 0, large, 0, PDF.length);
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subjectFound", true, "evidence", "x", "files", List.of(Map.of("fileName", "scan.pdf",
                        "contentBase64", Base64.getEncoder().encodeToString(large)))))
                .exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.errors[0].message").value(m -> assertThat((String) m).contains("at most 700 KiB"));
        byte[] huge = new byte[ManualFindingsInput.MAX_FILE_BYTES * 2];
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, task)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("subjectFound", true, "evidence", "x", "files", List.of(Map.of("fileName", "scan.pdf",
                        "contentBase64", Base64.getEncoder().encodeToString(huge)))))
                .exchange().expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as("demo-me-group").post().uri("/api/v1/dashboard/cases/{id}/tasks/{task}/confirmation", id, task)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"files\": [{\"fileName\": \"a.pdf\", \"contentBase64\": \"%%%\"}]}")
                .exchange().expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(commandsFor(id)).isEmpty();
    }
}
