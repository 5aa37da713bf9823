package dev.rightsflow.router.resolution.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SubjectIdentitiesTest {

    @Test
    void aPlainEmailOrTheOrganisationsOwnIdentifierCanBeMatched() {
        assertThat(SubjectIdentities.unmatched("Research in Practice", true, List.of("opendsr:android_advertising_id")))
                .isEmpty();
        assertThat(SubjectIdentities.unmatched("Research in Practice", false,
                List.of("membershipNumber", "opendsr:email:sha256"))).isEmpty();
    }

    @Test
    void onlyOpenDsrIdentitiesNameTheirKindsButNoValue() {
        assertThat(SubjectIdentities.unmatched("Research in Practice", false,
                List.of("opendsr:email:sha256", "opendsr:android_advertising_id")))
                .hasValue("the subject is identified only by android_advertising_id; email as a sha256 digest, which"
                        + " Research in Practice cannot match to its records (OpenDSR 2.0 §5)");
    }

    @Test
    void noIdentityAtAllIsSaidSo() {
        assertThat(SubjectIdentities.unmatched("Research in Practice", false, List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("no identity at all"));
    }
}
