package dev.rightsflow.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ReactiveHttpOutputMessage;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

import dev.rightsflow.auditlog.dashboard.model.StaffAction;
import dev.rightsflow.auditlog.dashboard.security.DashboardSecurity;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.kafka.TopicAdmin;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Hostile input to the dashboard's JSON API as a signed-in administrator (issue 10, "No 5xx from
 * any input"): jqwik generates {@value #INPUTS} action calls with malformed, too deeply nested or
 * wrongly typed bodies, bad content types and unknown cases or actions. Every one is invalid by
 * construction (an empty body is not: it is a valid "accept"): none may answer 5xx or publish a
 * command.
 */
class StaffApiFuzzTest extends AuditLogIntegrationTest {

    static final int INPUTS = 1_000;
    static final String VALID = "{\"reason\": \"complex request\", \"note\": \"n\", \"subjectFound\": true}";

    record Input(String path, String contentType, String body) {
    }

    @Test
    void noGeneratedActionCallGets5xxOrPublishesACommand() {
        String caseId = openCase("ecs", Division.ENGLAND_AND_WALES, START, true);
        await().atMost(Duration.ofSeconds(20)).until(() -> as("demo-admin").get().uri("/api/v1/dashboard/cases/{id}", caseId)
                .exchange().returnResult(String.class).getStatus().value() == 200);
        String[] session = signIn();
        long commandsBefore = TopicAdmin.recordsEverWritten(settings.bootstrapServers(), Topics.CASE_COMMANDS);

        List<Input> inputs = inputs(caseId).sampleStream().limit(INPUTS).toList();
        Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        WebClient client = WebClient.create("http://localhost:" + port);
        Flux.fromIterable(inputs).flatMap(input -> {
            BodyInserter<byte[], ReactiveHttpOutputMessage> raw = (message, context) ->
                    message.writeWith(Mono.just(message.bufferFactory().wrap(input.body().getBytes(StandardCharsets.UTF_8))));
            return client.method(HttpMethod.POST).uri(input.path())
                    .headers(h -> {
                        h.set("Content-Type", input.contentType());
                        h.set("X-CSRF-TOKEN", session[1]);
                    })
                    .cookie(DashboardSecurity.SESSION_COOKIE, session[0]).body(raw)
                    .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                    .doOnNext(status -> {
                        statuses.merge(status, 1, Integer::sum);
                        if (status < 400 || status >= 500) {
                            failures.add(status + " for " + input);
                        }
                    })
                    .onErrorResume(e -> {
                        failures.add(e + " for " + input);
                        return Mono.empty();
                    });
        }, 4).blockLast(Duration.ofMinutes(3));

        assertThat(failures).as("answers outside 4xx (statuses seen: %s)", statuses).isEmpty();
        assertThat(statuses.keySet()).as("the calls were checked, not refused for want of CSRF").isNotEqualTo(java.util.Set.of(403));
        assertThat(TopicAdmin.recordsEverWritten(settings.bootstrapServers(), Topics.CASE_COMMANDS)).isEqualTo(commandsBefore);
    }

    static Arbitrary<Input> inputs(String caseId) {
        List<String> actions = Arrays.stream(StaffAction.values()).map(StaffAction::path).toList();
        Arbitrary<String> action = Arbitraries.oneOf(Arbitraries.of(actions),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20));
        Arbitrary<String> truncated = Arbitraries.integers().between(1, VALID.length() - 1).map(n -> VALID.substring(0, n));
        Arbitrary<String> wrongType = Combinators.combine(Arbitraries.of("\"complex request\"", "\"n\"", "true"),
                        Arbitraries.of("[1, 2]", "{\"a\": 1}", "[[[]]]", "{\"a\": [1]}"))
                .as((field, wrong) -> VALID.replace(field, wrong));
        Arbitrary<String> deep = Arbitraries.integers().between(501, 4000)
                .map(d -> "{\"reason\": \"r\", \"x\": " + "[".repeat(d) + "]".repeat(d) + "}");
        Arbitrary<Input> onTheCase = Combinators.combine(action, Arbitraries.oneOf(truncated, wrongType, deep))
                .as((a, body) -> new Input("/api/v1/dashboard/cases/" + caseId + "/actions/" + a, "application/json", body));
        Arbitrary<Input> badType = Combinators.combine(action, Arbitraries.of("garbage", "application/json; charset=nonexistent",
                        "text/plain", "application/xml", "/", "application/json; charset=\""))
                .as((a, type) -> new Input("/api/v1/dashboard/cases/" + caseId + "/actions/" + a, type, VALID));
        Arbitrary<Input> unknownCase = Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(40),
                        action, Arbitraries.strings().all().ofMaxLength(200))
                .as((id, a, body) -> new Input("/api/v1/dashboard/cases/nobody-" + id + "/actions/" + a, "application/json", body));
        return Arbitraries.oneOf(onTheCase, badType, unknownCase);
    }

    /** Signs demo-admin in through the login form; the session cookie and the page's CSRF token. */
    private String[] signIn() {
        EntityExchangeResult<String> login = web.get().uri("/dashboard/login").exchange().expectBody(String.class).returnResult();
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", "demo-admin");
        form.add("password", "demo-password");
        form.add("_csrf", csrf(login.getResponseBody()));
        String session = web.post().uri("/dashboard/login")
                .cookie(DashboardSecurity.SESSION_COOKIE, login.getResponseCookies().getFirst(DashboardSecurity.SESSION_COOKIE).getValue())
                .body(BodyInserters.fromFormData(form)).exchange().expectStatus().is3xxRedirection()
                .returnResult(Void.class).getResponseCookies().getFirst(DashboardSecurity.SESSION_COOKIE).getValue();
        String page = web.get().uri("/dashboard").cookie(DashboardSecurity.SESSION_COOKIE, session).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return new String[] {session, csrf(page)};
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
