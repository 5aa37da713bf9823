package dev.rightsflow.auditlog.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/**
 * The page staff see once a request is logged says plainly whether the original they attached is kept: an original
 * that intake could not store (its store could not write) is an error on the page, never "the original is kept".
 */
class RequestLoggedPageTest {

    private static LogRequestPage.Logged logged(boolean originalKept) {
        return new LogRequestPage.Logged(new LogRequestPage.Logged.Receipt("req-1", "token-1", LocalDate.of(2026, 12, 31)),
                "letter", LocalDate.of(2026, 12, 1), originalKept);
    }

    @Test
    void aKeptOriginalIsSaidToBeKept() {
        String page = LogRequestPage.logged(logged(true), true);
        assertThat(page).contains("the original is kept").doesNotContain("original-not-kept");
    }

    @Test
    void anAttachedOriginalThatWasNotStoredIsAnError() {
        String page = LogRequestPage.logged(logged(false), true);
        assertThat(page).contains("id=\"original-not-kept\"").contains("role=\"alert\"").contains("<b>not kept</b>")
                .doesNotContain("the original is kept");
    }

    @Test
    void noOriginalAttachedNoWordAboutOne() {
        String page = LogRequestPage.logged(logged(false), false);
        assertThat(page).doesNotContain("original-not-kept").doesNotContain("the original is kept");
    }
}
