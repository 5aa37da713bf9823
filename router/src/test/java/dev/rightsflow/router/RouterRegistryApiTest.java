package dev.rightsflow.router;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.OrganisationPublished;

/**
 * The registry admin API: optimistic concurrency with ETag / If-Match (412 on a stale version,
 * nothing published) and removing a system or a service as the organisation's next published version.
 */
class RouterRegistryApiTest extends RouterKafkaTest {

    private long currentVersion(String id) {
        String etag = web.get().uri("/api/v1/registry/organisations/{id}", id).header("Authorization", ADMIN)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders().getETag();
        assertThat(etag).matches("\"\\d+\"");
        return Long.parseLong(etag.replace("\"", ""));
    }

    @Test
    void editOfAStaleVersionGets412AndPublishesNothingWhileTheCurrentVersionIsAccepted() {
        long version = currentVersion("ecs");
        Organisation ecs = registry.entry("ecs").orElseThrow().organisation();
        String body = codec.json().writeValueAsString(ecs);

        web.put().uri("/api/v1/registry/organisations/ecs").header("Authorization", ADMIN)
                .header("If-Match", "\"" + (version + 7) + "\"").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(412)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.currentVersion").isEqualTo(version);
        assertThat(registry.entry("ecs").orElseThrow().version()).isEqualTo(version);
        assertThat(events(Topics.REGISTRY, "ecs", OrganisationPublished.class))
                .noneMatch(e -> e.getVersion() > version);

        web.put().uri("/api/v1/registry/organisations/ecs").header("Authorization", ADMIN)
                .header("If-Match", "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectHeader().valueEquals("ETag", "\"" + (version + 1) + "\"");
        awaitOne(Topics.REGISTRY, "ecs", OrganisationPublished.class, e -> e.getVersion() == version + 1);

        web.put().uri("/api/v1/registry/organisations/ecs").header("Authorization", ADMIN)
                .header("If-Match", "\"" + version + "\"").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(412);
    }

    /** A body that cannot be an organisation is the caller's mistake, told in words (no class of ours named). */
    @Test
    void anEditWhoseBodyIsNotAnOrganisationIs4xxInWordsAndPublishesNothing() {
        long version = currentVersion("mes");
        java.util.Map<String, Integer> bodies = new java.util.LinkedHashMap<>();
        bodies.put("null", 400);
        bodies.put("[]", 400);
        bodies.put("\"mes\"", 400);
        bodies.put("{\"id\": \"mes\", ", 400);
        bodies.put("{\"id\": \"mes\", \"colour\": \"red\"}", 422);
        bodies.put("{\"id\": [\"mes\"]}", 422);
        bodies.forEach((body, status) -> {
            String problem = web.put().uri("/api/v1/registry/organisations/mes").header("Authorization", ADMIN)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isEqualTo(status)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(problem).as(body).doesNotContain("dev.rightsflow", "Jackson", "JsonToken", "Source: ");
        });
        web.put().uri("/api/v1/registry/organisations/mes").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"id\": \"mes\", \"colour\": \"red\"}").exchange()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("colour")
                .jsonPath("$.errors[0].message").isEqualTo("is not a known field");
        assertThat(registry.entry("mes").orElseThrow().version()).isEqualTo(version);
        assertThat(events(Topics.REGISTRY, "mes", OrganisationPublished.class)).noneMatch(e -> e.getVersion() > version);
    }

    @Test
    void removingASystemOrAServicePublishesTheOrganisationsNextVersionWithoutIt() {
        long version = currentVersion("ecs");
        assertThat(registry.entry("ecs").orElseThrow().organisation().systems())
                .anyMatch(s -> s.id().equals("hr-pulse"));

        web.delete().uri("/api/v1/registry/organisations/ecs/systems/hr-pulse").header("Authorization", ADMIN)
                .header("If-Match", "\"" + (version - 1) + "\"").exchange().expectStatus().isEqualTo(412);
        web.delete().uri("/api/v1/registry/organisations/ecs/systems/hr-pulse").header("Authorization", ADMIN)
                .header("If-Match", "\"" + version + "\"").exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"" + (version + 1) + "\"");
        OrganisationPublished withoutSystem = awaitOne(Topics.REGISTRY, "ecs", OrganisationPublished.class,
                e -> e.getVersion() == version + 1);
        assertThat(withoutSystem.getDocument()).doesNotContain("\"hr-pulse\"");
        assertThat(registry.entry("ecs").orElseThrow().organisation().systems())
                .noneMatch(s -> s.id().equals("hr-pulse"));

        web.delete().uri("/api/v1/registry/organisations/ecs/services/ecs-advocacy")
                .header("Authorization", ADMIN).exchange().expectStatus().isOk();
        OrganisationPublished withoutService = awaitOne(Topics.REGISTRY, "ecs", OrganisationPublished.class,
                e -> e.getVersion() == version + 2);
        assertThat(withoutService.getServices()).noneMatch(s -> s.getServiceId().equals("ecs-advocacy"));

        web.delete().uri("/api/v1/registry/organisations/ecs/systems/no-such-system").header("Authorization", ADMIN)
                .exchange().expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.delete().uri("/api/v1/registry/organisations/ecs/systems/office-365").exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void coverageShowsWhichActionsAPersonDoesAndWhy() {
        web.get().uri("/api/v1/router/coverage/mes").header("Authorization", ADMIN).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.organisationId").isEqualTo("mes")
                .jsonPath("$.rows[?(@.right == 'RECTIFICATION' && @.systemId == 'qualtrics-research')].connector")
                .isEqualTo(java.util.List.of("manual"))
                .jsonPath("$.rows[?(@.right == 'RECTIFICATION' && @.systemId == 'qualtrics-research')].byHand")
                .value(v -> assertThat(v.toString()).contains("qualtrics connector cannot rectify"))
                .jsonPath("$.rows[?(@.right == 'ERASURE' && @.systemId == 'qualtrics-research')].connector")
                .isEqualTo(java.util.List.of("qualtrics"))
                .jsonPath("$.rows[?(@.right == 'ERASURE' && @.systemId == 'client-contacts' && @.exemption)].exemption")
                .value(v -> assertThat(v.toString()).contains("Art 17(3)(e)"));
        web.get().uri("/api/v1/router/coverage/no-such-organisation").header("Authorization", ADMIN).exchange()
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/router/coverage/mes").exchange().expectStatus().isUnauthorized();
    }
}
