package dev.rightsflow.schemas.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class PortableRegexTest {

    private static final String RIGHT = "(?i)access|erasure|consent[_-]withdrawal";

    @Test
    void caseInsensitiveFlagBecomesBothCasesOfEachLetterAndMatchesWhatTheJavaPatternMatches() {
        String portable = PortableRegex.of(RIGHT);
        assertThat(portable).doesNotContain("(?").startsWith("[aA][cC][cC]");
        for (String value : new String[] {"access", "ERASURE", "Consent-Withdrawal", "consent_withdrawal"}) {
            assertThat(Pattern.matches(portable, value)).as(value).isTrue();
            assertThat(Pattern.matches(RIGHT, value)).as(value).isTrue();
        }
        for (String value : new String[] {"accessx", "consent withdrawal", "rectification"}) {
            assertThat(Pattern.matches(portable, value)).as(value).isFalse();
        }
    }

    @Test
    void aRangeGetsItsOtherCaseAndEscapesAndPatternsWithoutFlagsAreKept() {
        assertThat(PortableRegex.of("(?i)[a-z_]+\\d")).isEqualTo("[a-zA-Z_]+\\d");
        assertThat(PortableRegex.of("\\s*\\d{6}\\s*")).isEqualTo("\\s*\\d{6}\\s*");
        assertThat(PortableRegex.of(null)).isNull();
    }
}
