package dev.rightsflow.intake.submission.application;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What intake's listener may skip because the submission already wrote it, and when it must write again. */
class WrittenAtSubmissionTest {

    private final WrittenAtSubmission written = new WrittenAtSubmission();

    @Test
    void theListenerSkipsARequestOnceAndOnlyWhenItsSubmissionWroteIt() {
        written.add("r1");

        assertThat(written.take("r2")).as("another instance's request").isFalse();
        assertThat(written.take("r1")).isTrue();
        assertThat(written.take("r1")).as("a second delivery of the same event").isFalse();
    }

    @Test
    void aRebuildFoldsEveryRequestAgain() {
        written.add("r1");
        written.clear();

        assertThat(written.take("r1")).isFalse();
    }

    @Test
    void aListenerFarBehindMakesTheOldestBeWrittenAgainNotForgotten() {
        for (int i = 0; i <= WrittenAtSubmission.CAPACITY; i++) {
            written.add("r" + i);
        }

        assertThat(written.take("r0")).as("dropped: the listener writes it").isFalse();
        assertThat(written.take("r" + WrittenAtSubmission.CAPACITY)).isTrue();
    }
}
