package dev.rightsflow.intake.request.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RequestKeysTest {

    final RequestKeys keys = new RequestKeys("a-test-secret-of-enough-length");

    final Submission rich = new Submission(RightType.RECTIFICATION,
            new Subject("Alex Example", "alex@example.org", "+44 1632 960000", "1 High St, ST16 1AA",
                    Map.of("membershipNumber", "M-1001", "customerId", "C-9")),
            "ecs", "ecs-website", "PUBLIC_ACCOUNT",
            new RightDetails("postcode", "ST16 1AA", "ST17 4AB", null, null, false, null, List.of()));

    @Test
    void statusTokenIsTheSameForTheSameRequestAndDiffersBetweenRequestsAndSecrets() {
        String token = keys.statusToken("request-1");
        assertThat(token).isEqualTo(new RequestKeys("a-test-secret-of-enough-length").statusToken("request-1"))
                .matches("[A-Za-z0-9_-]{43}");
        assertThat(keys.statusToken("request-2")).isNotEqualTo(token);
        assertThat(new RequestKeys("another-secret-of-enough-length").statusToken("request-1")).isNotEqualTo(token);
        assertThat(keys.statusTokenHash("request-1")).isEqualTo(Hashing.sha256Hex(token));
        assertThat(Hashing.tokenMatches(token, keys.statusTokenHash("request-1"))).isTrue();
    }

    @Test
    void secretShorterThanSixteenCharactersIsRefused() {
        assertThatThrownBy(() -> new RequestKeys("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestKeys(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameContentGivesTheSameDigestWhateverTheOrderOfIdentifiers() {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("customerId", "C-9");
        reordered.put("membershipNumber", "M-1001");
        Submission same = new Submission(rich.right(), new Subject("Alex Example", "alex@example.org", "+44 1632 960000",
                "1 High St, ST16 1AA", reordered), "ecs", "ecs-website", "PUBLIC_ACCOUNT", rich.details());
        assertThat(digest(same, Channel.API, null, null)).isEqualTo(digest(rich, Channel.API, null, null));
    }

    @Test
    void anyChangedFieldChangesTheDigest() {
        String original = digest(rich, Channel.API, null, null);
        List<String> changed = List.of(
                digest(withSubject(new Subject("Alex Example", "alex.other@example.org", "+44 1632 960000",
                        "1 High St, ST16 1AA", rich.subject().identifiers())), Channel.API, null, null),
                digest(withSubject(new Subject("Alex Example", "alex@example.org", null, "1 High St, ST16 1AA",
                        rich.subject().identifiers())), Channel.API, null, null),
                digest(withSubject(new Subject("Alex Example", "alex@example.org", "+44 1632 960000", "1 High St, ST16 1AA",
                        Map.of("membershipNumber", "M-1002", "customerId", "C-9"))), Channel.API, null, null),
                digest(new Submission(RightType.ERASURE, rich.subject(), "ecs", "ecs-website", "PUBLIC_ACCOUNT", rich.details()),
                        Channel.API, null, null),
                digest(new Submission(rich.right(), rich.subject(), "ecs", null, "PUBLIC_ACCOUNT", rich.details()),
                        Channel.API, null, null),
                digest(new Submission(rich.right(), rich.subject(), "ecs", "ecs-website", "PUBLIC_ACCOUNT",
                        new RightDetails("postcode", "ST16 1AA", "ST17 4AC", null, null, false, null, List.of())),
                        Channel.API, null, null),
                digest(new Submission(rich.right(), rich.subject(), "ecs", "ecs-website", "PUBLIC_ACCOUNT",
                        new RightDetails("postcode", "ST16 1AA", "ST17 4AB", RestrictionGround.LEGAL_CLAIMS, null, false,
                                null, List.of())), Channel.API, null, null),
                digest(new Submission(rich.right(), rich.subject(), "ecs", "ecs-website", "PUBLIC_ACCOUNT",
                        new RightDetails("postcode", "ST16 1AA", "ST17 4AB", null, null, true, null, List.of())),
                        Channel.API, null, null),
                digest(new Submission(rich.right(), rich.subject(), "ecs", "ecs-website", "PUBLIC_ACCOUNT",
                        new RightDetails("postcode", "ST16 1AA", "ST17 4AB", null, null, false, null, List.of("newsletter"))),
                        Channel.API, null, null),
                digest(rich, Channel.WEB_FORM, null, null),
                digest(rich, Channel.PROCESSOR_API, "mes", "MES-19"),
                digest(rich, Channel.PROCESSOR_API, "mes", "MES-20"));
        assertThat(changed).doesNotContain(original).doesNotHaveDuplicates();
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        Submission ab = new Submission(RightType.ERASURE, new Subject("Alex", "Example@x.org", null, null, Map.of()),
                "ecs", null, null, RightDetails.none());
        Submission shifted = new Submission(RightType.ERASURE, new Subject("AlexExample", "@x.org", null, null, Map.of()),
                "ecs", null, null, RightDetails.none());
        Submission emptyInsteadOfNull = new Submission(RightType.ERASURE, new Subject("Alex", "Example@x.org", "", null,
                Map.of()), "ecs", null, null, RightDetails.none());
        assertThat(digest(ab, Channel.API, null, null)).isNotEqualTo(digest(shifted, Channel.API, null, null))
                .isNotEqualTo(digest(emptyInsteadOfNull, Channel.API, null, null));
    }

    @Test
    void digestDependsOnTheSecretSoItRevealsNothingWithoutIt() {
        RequestContent content = RequestContent.of(rich, Channel.API, null, null);
        assertThat(keys.contentDigest(content))
                .isNotEqualTo(new RequestKeys("another-secret-of-enough-length").contentDigest(content))
                .matches("[0-9a-f]{64}");
    }

    private String digest(Submission submission, Channel channel, String forwardedFrom, String reference) {
        return keys.contentDigest(RequestContent.of(submission, channel, forwardedFrom, reference));
    }

    private Submission withSubject(Subject subject) {
        return new Submission(rich.right(), subject, rich.organisationId(), rich.serviceId(), rich.relationship(), rich.details());
    }
}
