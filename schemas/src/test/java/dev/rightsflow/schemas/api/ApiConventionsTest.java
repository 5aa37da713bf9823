package dev.rightsflow.schemas.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import reactor.core.publisher.Mono;

/** The problem body's shape and the legacy path aliases, without a server. */
class ApiConventionsTest {

    @Test
    void problemJsonHasTheStandardMembersFieldErrorsAndExtensionsAtTopLevel() {
        String json = new String(Problems.bytes(Problems.of(ProblemType.INVALID, "1 invalid field(s)", "/api/v1/x",
                List.of(new Problem.FieldError("subject.email", "must be an email address")), Map.of("hint", 1))),
                StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"type\":\"https://rightsflow.dev/problems/invalid-request\",\"title\":\"Invalid request\","
                + "\"status\":422,\"detail\":\"1 invalid field(s)\",\"instance\":\"/api/v1/x\","
                + "\"errors\":[{\"field\":\"subject.email\",\"message\":\"must be an email address\"}],\"hint\":1}");
        String bare = new String(Problems.bytes(Problems.of(ProblemType.NOT_FOUND, "no such case", "/api/v1/y")),
                StandardCharsets.UTF_8);
        assertThat(bare).doesNotContain("errors").contains("\"type\":\"https://rightsflow.dev/problems/not-found\"");
    }

    @Test
    void everyStatusMapsToOneTypeAndUnlistedOnesFallBack() {
        assertThat(ProblemType.of(405)).isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemType.of(418)).isEqualTo(ProblemType.MALFORMED);
        assertThat(ProblemType.of(504)).isEqualTo(ProblemType.INTERNAL_ERROR);
    }

    @Test
    void aLegacyPathIsRewrittenToItsSuccessorAndTheAnswerSaysSo() {
        LegacyPaths paths = new LegacyPaths(List.of(new LegacyPaths.Alias("/connectors", "/api/v1/connectors"),
                new LegacyPaths.Alias("/connectors/packages", "/api/v1/packages")));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/connectors/packages/p1?x=1"));
        AtomicReference<String> seen = new AtomicReference<>();
        paths.filter(exchange, e -> {
            seen.set(e.getRequest().getURI().getRawPath() + "?" + e.getRequest().getURI().getRawQuery());
            return Mono.empty();
        }).block();
        assertThat(seen.get()).isEqualTo("/api/v1/packages/p1?x=1");
        assertThat(exchange.getResponse().getHeaders().getFirst("Deprecation")).isEqualTo("true");
        assertThat(exchange.getResponse().getHeaders().getFirst("Link"))
                .isEqualTo("</api/v1/packages/p1>; rel=\"successor-version\"");
        assertThat(paths.successor("/connectorsX")).isNull();
        assertThat(paths.successor("/connectors")).isEqualTo("/api/v1/connectors");
        assertThat(paths.successor("/api/v1/connectors/tasks")).isNull();
    }
}
