package dev.rightsflow.connectors.packages.web;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

import dev.rightsflow.connectors.ConnectorsIntegrationTest;
import dev.rightsflow.connectors.packages.application.AccessPackages;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AccessPackageDownloaded;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.ConfirmManualTask;
import dev.rightsflow.schemas.avro.FoundFile;
import dev.rightsflow.schemas.avro.FoundRecord;
import dev.rightsflow.schemas.avro.ManualFindings;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.PlannedTask;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.testing.SampleEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An ECS access request, end to end through Kafka: three ECS systems (OpenCRM, SNAP surveys and
 * the White Bear feedback centre, each a local WireMock stub behind the generic REST connector)
 * export the subject's data, one encrypted package is built with every Art 15 item, and the
 * subject downloads it with their status token.
 */
class AccessPackageIntegrationTest extends ConnectorsIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void ecsAccessRequestProducesOnePackageWithDataFromThreeSystemsAndEveryArt15Item() throws IOException {
        String requestId = newRequestId();
        String token = "status-token-" + requestId;
        stubEcsSystems(requestId);
        publish(Topics.REQUESTS, RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.ACCESS, "ecs", "ecs-website"))
                .setStatusTokenHash(AccessPackages.sha256Hex(token)).build());
        List<TaskDispatched> tasks = List.of(
                exportTask(requestId, "opencrm", Right.ACCESS, Map.of("category", "CRM contact")),
                exportTask(requestId, "snap-surveys", Right.ACCESS, Map.of("category", "survey response", "map.q1", "How was your visit?")),
                exportTask(requestId, "white-bear-feedback-centre", Right.ACCESS, Map.of("category", "feedback")));
        publish(Topics.CASES, planned(requestId, tasks));
        tasks.forEach(t -> publish(Topics.TASKS, t));

        AccessPackageReady ready = awaitResult(AccessPackageReady.class, e -> e.getRequestId().equals(requestId));
        assertThat(ready.getSystems()).containsExactlyInAnyOrder("opencrm", "snap-surveys", "white-bear-feedback-centre");
        assertThat(ready.getExpiresAt()).isAfter(Instant.now().plus(java.time.Duration.ofDays(6)));
        assertThat(results(AccessPackageReady.class, e -> e.getRequestId().equals(requestId))).hasSize(1);

        byte[] stored = Files.readAllBytes(DATA.resolve("packages").resolve(AccessPackages.fileOf(ready.getPackageId())));
        assertThat(new String(stored, 0, 2, StandardCharsets.ISO_8859_1)).as("stored encrypted, not as a plain ZIP").isNotEqualTo("PK");
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("alex@example.org");

        awaitTheRequestIsKnownHere(ready.getPackageId());
        byte[] zip = anonymousHttp().get().uri("/api/v1/packages/{id}", ready.getPackageId()).header("X-Status-Token", token).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/zip")
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=.*\\.zip.*")
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(byte[].class).returnResult().getResponseBody();
        Map<String, String> files = unzip(zip);
        assertThat(files).containsKeys("README.txt", "data.json", "supplementary-information.json",
                "systems/opencrm.csv", "systems/snap-surveys.csv", "systems/white-bear-feedback-centre.csv");

        JsonNode data = JSON.readTree(files.get("data.json"));
        assertThat(data.path("systems")).hasSize(3);
        for (JsonNode system : data.path("systems")) {
            assertThat(system.path("subjectFound").asBoolean()).isTrue();
            assertThat(system.path("records").size()).as(system.path("systemId").asString()).isGreaterThan(0);
        }
        assertThat(files.get("systems/opencrm.csv")).contains("Alex Example").contains("alex@example.org");
        assertThat(files.get("systems/snap-surveys.csv")).contains("How was your visit?").contains("Very helpful");

        JsonNode art15 = JSON.readTree(files.get("supplementary-information.json"));
        for (String item : List.of("purposes", "categories", "recipients", "transferSafeguards", "retention", "source",
                "automatedDecisionMaking", "yourRights", "rightToComplain")) {
            JsonNode value = art15.path(item);
            assertThat(value.isString() ? !value.asString().isBlank() : value.isArray() && !value.isEmpty())
                    .as("Art 15 item " + item + " is present and not empty").isTrue();
        }
        assertThat(art15.path("controller").asString()).contains("Engaging Communities");
        assertThat(art15.path("rightToComplain").asString()).contains("Information Commissioner's Office").contains("ico.org.uk");
        assertThat(art15.path("retention").asString()).contains("Retention Schedule");
        assertThat(files.get("README.txt")).contains("Your rights").contains("complain to the ICO").contains("Automated decision-making");

        awaitResult(AccessPackageDownloaded.class, e -> e.getPackageId().equals(ready.getPackageId()));

        // The same package by form POST (the token never goes in the URL), at the link intake gives the subject.
        anonymousHttp().post().uri("/api/v1/packages/{id}", ready.getPackageId()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token)).exchange().expectStatus().isOk();
        assertThat(awaitDownloads(ready.getPackageId(), 2)).isEqualTo(2);
    }

    @Test
    void aManualTaskConfirmedWithAFileAndRecordsPutsThemInThePackageWithAnIndexInPlainWords() throws IOException {
        String requestId = newRequestId();
        String token = "tok-" + requestId;
        stubEcsSystems(requestId);
        publish(Topics.REQUESTS, RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.ACCESS, "ecs", "ecs-website"))
                .setStatusTokenHash(AccessPackages.sha256Hex(token)).build());
        TaskDispatched crm = exportTask(requestId, "opencrm", Right.ACCESS, Map.of("category", "CRM contact"));
        TaskDispatched mailboxes = task(requestId, "office-365", "manual", TaskAction.EXPORT, Right.ACCESS, Map.of(), "ecs");
        publish(Topics.CASES, planned(requestId, List.of(crm, mailboxes), Map.of("opencrm", "OpenCRM (supporters and service users)",
                "office-365", "Microsoft 365 mailboxes and SharePoint")));
        publish(Topics.TASKS, crm);
        publish(Topics.TASKS, mailboxes);
        awaitResult(TaskNeedsPerson.class, e -> e.getTaskId().equals(mailboxes.getTaskId()));

        byte[] letter = "%PDF-1.4\n% a scanned letter\n".getBytes(StandardCharsets.US_ASCII);
        publish(Topics.CASE_COMMANDS, ConfirmManualTask.newBuilder().setEventId(Events.newEventId()).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(new Actor(ActorType.STAFF, "dpo.ecs", "ecs")).setTaskId(mailboxes.getTaskId())
                .setSubjectFound(true).setEvidence("Searched the shared mailbox and SharePoint")
                .setFindings(ManualFindings.newBuilder().setSearchedBy(List.of("email address", "name"))
                        .setFiles(List.of(new FoundFile("letter.pdf", "application/pdf", ByteBuffer.wrap(letter))))
                        .setRecords(List.of(new FoundRecord("email", Map.of("subject", "Your complaint", "sent", "2026-10-02")),
                                new FoundRecord("email", Map.of("subject", "Re: Your complaint", "sent", "2026-10-05"))))
                        .build())
                .setFilesAttached(1).setRecordsAttached(2).build());

        AccessPackageReady ready = awaitResult(AccessPackageReady.class, e -> e.getRequestId().equals(requestId));
        awaitTheRequestIsKnownHere(ready.getPackageId());
        byte[] zip = anonymousHttp().get().uri("/api/v1/packages/{id}", ready.getPackageId()).header("X-Status-Token", token).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        Map<String, byte[]> entries = unzipBytes(zip);
        assertThat(entries.get("systems/office-365/files/letter.pdf")).as("the attached copy, byte for byte").isEqualTo(letter);
        assertThat(new String(entries.get("systems/office-365.csv"), StandardCharsets.UTF_8)).contains("Re: Your complaint");

        String readme = new String(entries.get("README.txt"), StandardCharsets.UTF_8);
        assertThat(readme).contains("What we searched, and what we found")
                .contains("- Microsoft 365 mailboxes and SharePoint: searched by email address and name, by a person; "
                        + "found 2 records and 1 copy of a file.")
                .contains("What the person did: Searched the shared mailbox and SharePoint.")
                .contains("Files: systems/office-365/files/letter.pdf")
                .contains("- OpenCRM (supporters and service users): searched by email address")
                .doesNotContain("alex@example.org: ").doesNotContain("searched by alex");
        assertThat(readme).containsPattern("Prepared: \\w+day \\d{1,2} \\w+ \\d{4} at \\d{2}:\\d{2} (GMT|BST)");

        JsonNode data = JSON.readTree(entries.get("data.json"));
        JsonNode office = java.util.stream.StreamSupport.stream(data.path("systems").spliterator(), false)
                .filter(n -> n.path("systemId").asString().equals("office-365")).findFirst().orElseThrow();
        assertThat(office.path("systemName").asString()).isEqualTo("Microsoft 365 mailboxes and SharePoint");
        assertThat(office.path("searchedBy").toString()).isEqualTo("[\"email address\",\"name\"]");
        assertThat(office.path("records")).hasSize(2);
        assertThat(office.path("files").get(0).asString()).isEqualTo("systems/office-365/files/letter.pdf");
    }

    @Test
    void wrongOrMissingTokenOrUnknownPackageIsRefusedWithAProblem() {
        anonymousHttp().get().uri("/api/v1/packages/{id}", "no-such-package").header("X-Status-Token", "x").exchange()
                .expectStatus().isNotFound().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        anonymousHttp().get().uri("/api/v1/packages/{id}", "no-such-package").exchange()
                .expectStatus().isEqualTo(422).expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("token");

        String requestId = newRequestId();
        stubEcsSystems(requestId);
        publish(Topics.REQUESTS, RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.ACCESS, "ecs", "ecs-website"))
                .setStatusTokenHash(AccessPackages.sha256Hex("the-right-token")).build());
        TaskDispatched only = exportTask(requestId, "opencrm", Right.ACCESS, Map.of());
        publish(Topics.CASES, planned(requestId, List.of(only)));
        publish(Topics.TASKS, only);
        AccessPackageReady ready = awaitResult(AccessPackageReady.class, e -> e.getRequestId().equals(requestId));
        awaitTheRequestIsKnownHere(ready.getPackageId());
        anonymousHttp().get().uri("/api/v1/packages/{id}", ready.getPackageId()).header("X-Status-Token", "a-guess").exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        anonymousHttp().get().uri("/api/v1/packages/{id}", ready.getPackageId()).header("X-Status-Token", "a-guess").exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(results(AccessPackageDownloaded.class, e -> e.getPackageId().equals(ready.getPackageId()))).isEmpty();
    }

    @Test
    void portabilityPackageHoldsOnlyDataTheSubjectProvidedOrWasObserved() throws IOException {
        String requestId = newRequestId();
        String token = "tok-" + requestId;
        stubEcsSystems(requestId);
        publish(Topics.REQUESTS, RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.PORTABILITY, "ecs", "ecs-website"))
                .setStatusTokenHash(AccessPackages.sha256Hex(token)).build());
        TaskDispatched crm = exportTask(requestId, "opencrm", Right.PORTABILITY, Map.of("provenance.engagementScore", "DERIVED"));
        publish(Topics.CASES, planned(requestId, List.of(crm)));
        publish(Topics.TASKS, crm);
        AccessPackageReady ready = awaitResult(AccessPackageReady.class, e -> e.getRequestId().equals(requestId));
        awaitTheRequestIsKnownHere(ready.getPackageId());
        byte[] zip = anonymousHttp().get().uri("/api/v1/packages/{id}", ready.getPackageId()).header("Authorization", "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        Map<String, String> files = unzip(zip);
        assertThat(files.get("data.json")).contains("alex@example.org").doesNotContain("engagementScore");
        assertThat(files).doesNotContainKey("supplementary-information.json");
        assertThat(files.get("README.txt")).contains("Article 20");
    }

    private int awaitDownloads(String packageId, int expected) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> results(AccessPackageDownloaded.class, e -> e.getPackageId().equals(packageId)).size(), n -> n >= expected);
    }

    private void stubEcsSystems(String requestId) {
        VENDORS.stubFor(get(urlPathEqualTo("/ecs/opencrm/contacts")).withQueryParam("email", equalTo("alex@example.org"))
                .willReturn(okJson("[{\"id\":\"C-1\",\"name\":\"Alex Example\",\"email\":\"alex@example.org\","
                        + "\"newsletter\":true,\"engagementScore\":87}]")));
        VENDORS.stubFor(get(urlPathEqualTo("/ecs/snap-surveys/contacts")).withQueryParam("email", equalTo("alex@example.org"))
                .willReturn(okJson("{\"responses\":[{\"id\":\"S-9\",\"survey\":\"GP access 2026\",\"q1\":\"Very helpful\"}]}")));
        VENDORS.stubFor(get(urlPathEqualTo("/ecs/white-bear-feedback-centre/contacts")).withQueryParam("email", equalTo("alex@example.org"))
                .willReturn(okJson("[{\"id\":\"FB-3\",\"service\":\"County Hospital A&E\",\"feedback\":\"Long wait, kind staff\"}]")));
    }

    private TaskDispatched exportTask(String requestId, String systemId, Right right, Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>(Map.of("baseUrl", VENDORS.baseUrl() + "/ecs/" + systemId));
        if (systemId.equals("snap-surveys")) {
            config.put("resultsPointer", "/responses");
        }
        config.putAll(extra);
        return task(requestId, systemId, "generic-rest", TaskAction.EXPORT, right, config, "ecs");
    }

    private static CasePlanned planned(String requestId, List<TaskDispatched> tasks) {
        return planned(requestId, tasks, Map.of());
    }

    private static CasePlanned planned(String requestId, List<TaskDispatched> tasks, Map<String, String> names) {
        return CasePlanned.newBuilder().setEventId(Events.derivedId("planned", requestId)).setRequestId(requestId)
                .setOccurredAt(Instant.now()).setActor(new Actor(ActorType.SYSTEM, "router", null))
                .setTasks(tasks.stream().map(t -> PlannedTask.newBuilder().setTaskId(t.getTaskId()).setSystemId(t.getSystemId())
                        .setAction(t.getAction()).setConnector(t.getConnector()).setSystemName(names.get(t.getSystemId())).build()).toList())
                .build();
    }

    private static Map<String, byte[]> unzipBytes(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /**
     * The requests topic reaches this service through its own listener, so the package can be
     * ready before the request's token hash is known here; until then a download answers 503 with
     * Retry-After, as a subject's retry would find.
     */
    private void awaitTheRequestIsKnownHere(String packageId) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> anonymousHttp().get()
                .uri("/api/v1/packages/{id}", packageId).header("X-Status-Token", "probe").exchange()
                .returnResult(Void.class).getStatus().value() != 503);
    }
}
