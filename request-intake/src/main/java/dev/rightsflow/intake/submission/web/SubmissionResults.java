package dev.rightsflow.intake.submission.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;

import org.springframework.http.HttpStatus;

import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.intake.submission.model.Receipt;

/** Maps a submission's outcome onto HTTP for every JSON way in. */
public final class SubmissionResults {

    private SubmissionResults() {
    }

    /** The receipt when accepted; otherwise the problem to answer with. */
    public static Receipt receiptOrThrow(SubmitRequest.Result result) {
        if (result instanceof SubmitRequest.Result.Accepted accepted) {
            return accepted.receipt();
        }
        if (result instanceof SubmitRequest.Result.Rejected rejected) {
            throw IntakeProblem.invalid(rejected.errors());
        }
        if (result instanceof SubmitRequest.Result.KeyReused) {
            throw IntakeProblem.of(HttpStatus.CONFLICT, "Idempotency key reused",
                    "This Idempotency-Key was already used with a different body.");
        }
        if (result instanceof SubmitRequest.Result.InProgress) {
            // Not a conflict the client caused: the first call (perhaps cut off by a crash) still holds
            // the key for a moment. A careful client retries on 503, as it does while intake starts.
            throw new IntakeProblem(HttpStatus.SERVICE_UNAVAILABLE, "Request in progress",
                    "The first request with this Idempotency-Key is still being processed; retry shortly.",
                    java.util.List.of(), 2L);
        }
        throw IntakeProblem.unavailable();
    }
}
