package dev.rightsflow.schemas.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts as a person writes them: "1 record", "3 records", "0 records", never "1 record(s)". */
class CountedTest {

    @Test
    void oneIsSingularEveryOtherCountPlural() {
        assertThat(Counted.of(1, "record")).isEqualTo("1 record");
        assertThat(Counted.of(3, "record")).isEqualTo("3 records");
        assertThat(Counted.of(0, "record")).isEqualTo("0 records");
        assertThat(Counted.of(1, "survey response")).isEqualTo("1 survey response");
        assertThat(Counted.of(2, "survey response")).isEqualTo("2 survey responses");
    }

    @Test
    void aNounWithItsOwnPlural() {
        assertThat(Counted.of(1, "entry", "entries")).isEqualTo("1 entry");
        assertThat(Counted.of(4, "entry", "entries")).isEqualTo("4 entries");
    }
}
