package dev.rightsflow.intake.submission.mongo;

import dev.rightsflow.intake.shared.mongo.CountedMongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;


import dev.rightsflow.intake.shared.application.BatchWritten;
import dev.rightsflow.intake.submission.application.DuplicateRegister.Registration;

/**
 * The duplicate register through the real driver against the in-process server: a batch (the requests a poll of
 * the status listener folds) is one {@code _id $in} read and one bulk write with the outcome of registering its
 * requests one at a time (the first of a window stays first, an older holder is taken over, a second one is linked
 * to the first), and delivered again after a restart it writes nothing.
 */
class MongoDuplicateRegisterTest {

    private static final Duration WINDOW = Duration.ofDays(30);

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    @AutoClose
    private final CountedMongo mongo = new CountedMongo();

    private Registration registration(String fingerprint, String requestId, Instant at) {
        return new Registration(fingerprint, requestId, at, at.minus(WINDOW));
    }

    @Test
    void aBatchRegistersAsOneAtATimeInOneReadAndOneWriteAndAgainWritesNothing() {
        MongoDuplicateRegister register = new MongoDuplicateRegister(mongo.database("duplicates-test"));
        // a request from long ago holds fp-old: the window has passed, the next one takes it over
        register.firstOrRegister("fp-old", "r-0", now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(120))).block();
        List<Registration> batch = List.of(
                registration("fp-old", "r-1", now),
                registration("fp-new", "r-2", now),
                registration("fp-new", "r-3", now.plusSeconds(1)),
                registration("fp-old", "r-1", now));

        long commandsBefore = mongo.commands();
        long examinedBefore = mongo.documentsExamined();
        BatchWritten<Optional<String>> written = register.registerAll(batch).block();
        assertThat(written.failure()).isNull();
        assertThat(written.results()).as("first, first, a duplicate of r-2, still first")
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of("r-2"), Optional.empty());
        // the bulk write goes as one insert and one update command (the driver's split of an unordered bulk by kind)
        assertThat(mongo.commands() - commandsBefore).as("one read, one bulk write").isEqualTo(3);
        assertThat(mongo.documentsExamined() - examinedBefore).as("the one stored fingerprint, twice by _id").isEqualTo(2);

        // what one at a time then answers: the holders are those the batch decided
        assertThat(register.firstOrRegister("fp-old", "r-9", now.plusSeconds(5), now.minus(WINDOW)).block()).contains("r-1");
        assertThat(register.firstOrRegister("fp-new", "r-9", now.plusSeconds(5), now.minus(WINDOW)).block()).contains("r-2");

        // delivered again after a restart: the same answers, one read, nothing written
        MongoDuplicateRegister restarted = new MongoDuplicateRegister(mongo.database("duplicates-test"));
        commandsBefore = mongo.commands();
        assertThat(restarted.registerAll(batch).block().results()).isEqualTo(written.results());
        assertThat(mongo.commands() - commandsBefore).isEqualTo(1);
    }
}
