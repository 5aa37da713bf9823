package dev.rightsflow.intake.shared.web;

import dev.rightsflow.intake.forwarded.web.ForwardedRequestJson;
import dev.rightsflow.intake.submission.web.RequestJson;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import dev.rightsflow.intake.submission.web.RequestsApi.CodeJson;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the parsing every intake endpoint shares (issue 10, "No 5xx from any input"): any
 * bytes at all, and near-valid JSON, either parse or are refused with a 4xx {@link IntakeProblem};
 * no other exception escapes, whatever the body. jqwik shrinks a failure to its smallest input.
 * With the HTTP fuzz ({@code HostileInputFuzzTest}) these make the CI's share of generated inputs.
 */
class JsonBodiesProperties {

    static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();
    /** parse() needs no settings (they size the raw body, read before parsing). */
    final JsonBodies bodies = new JsonBodies(VALIDATOR, null);

    @Property(tries = 2000)
    void anyBytesParseOrAre4xx(@ForAll byte[] body) {
        parsesOrIs4xx(body, RequestJson.class);
        parsesOrIs4xx(body, ForwardedRequestJson.class);
        parsesOrIs4xx(body, CodeJson.class);
    }

    @Property(tries = 2000)
    void nearlyValidJsonParsesOrIs4xx(@ForAll("nearlyValid") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        parsesOrIs4xx(bytes, RequestJson.class);
        parsesOrIs4xx(bytes, ForwardedRequestJson.class);
    }

    /** A forwarded-for entry is an IP literal or nothing: never a name looked up in DNS, never an exception. */
    @Property(tries = 2000)
    void forwardedForEntriesAreLiteralsOrIgnored(@ForAll("forwardedFor") String hop) {
        InetAddress address = TrustedProxies.literal(hop);
        if (address != null) {
            assertThat(hop).containsAnyOf(".", ":");
            assertThat(hop).doesNotContainPattern("[g-zG-Z]");
        }
    }

    @Provide
    Arbitrary<String> nearlyValid() {
        String valid = """
                {"reference": "R-1", "receivedAt": "2026-09-01T09:30:00Z", "request": {"right": "access",
                 "organisationId": "mes", "subject": {"name": "Prop Example", "email": "prop@example.org",
                 "identifiers": {"membershipNumber": "M-1"}}, "details": {"consentPurposes": ["a"]}}}""";
        Arbitrary<String> mutated = Arbitraries.integers().between(0, valid.length() - 1)
                .flatMap(at -> Arbitraries.strings().withChars("{}[]\",:0123456789.eE-+ntrufals\\").ofMaxLength(4)
                        .map(insert -> valid.substring(0, at) + insert + valid.substring(Math.min(valid.length(), at + 1))));
        Arbitrary<String> deep = Arbitraries.integers().between(400, 3000)
                .map(d -> "{\"request\": " + "[".repeat(d) + "]".repeat(d) + "}");
        return Arbitraries.oneOf(mutated, deep);
    }

    @Provide
    Arbitrary<String> forwardedFor() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(50),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF.:[]\"_").ofMaxLength(45),
                Arbitraries.of("unknown", "_hidden", "localhost", "example.org", "203.0.113.7", "[2001:db8::1]:4711",
                        "\"[::1]\"", "198.51.100.1:8080", "abc.def"));
    }

    private <T> void parsesOrIs4xx(byte[] body, Class<T> type) {
        try {
            bodies.parse(body, type);
        } catch (IntakeProblem problem) {
            assertThat(problem.status().is4xxClientError()).as("status of %s", problem.getMessage()).isTrue();
        }
    }
}
