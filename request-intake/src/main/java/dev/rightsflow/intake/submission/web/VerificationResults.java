package dev.rightsflow.intake.submission.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;

import java.util.Map;

import org.springframework.http.HttpStatus;

import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.schemas.model.Counted;

/** Maps identity-verification outcomes onto HTTP. */
final class VerificationResults {

    private VerificationResults() {
    }

    static Map<String, Object> toJsonOrThrow(VerifyIdentity.Result result) {
        if (result instanceof VerifyIdentity.Result.Verified v) {
            return Map.of("verified", true, "verifiedAt", v.verifiedAt().toString());
        }
        if (result instanceof VerifyIdentity.Result.Sent) {
            return Map.of("sent", true);
        }
        if (result instanceof VerifyIdentity.Result.Wrong w) {
            throw IntakeProblem.invalid(java.util.List.of(new dev.rightsflow.intake.request.model.FieldError("code",
                    "is not the code we sent; " + Counted.of(w.attemptsLeft(), "attempt") + " left")));
        }
        if (result instanceof VerifyIdentity.Result.Expired) {
            throw IntakeProblem.of(HttpStatus.GONE, "Code expired", "The code has expired; ask for a new one.");
        }
        if (result instanceof VerifyIdentity.Result.AlreadyUsed) {
            throw IntakeProblem.of(HttpStatus.CONFLICT, "Already verified", "This request's identity is already confirmed.");
        }
        if (result instanceof VerifyIdentity.Result.Locked) {
            throw IntakeProblem.of(HttpStatus.TOO_MANY_REQUESTS, "Too many wrong codes",
                    "Too many wrong codes; ask for a new one.");
        }
        if (result instanceof VerifyIdentity.Result.TooManySends) {
            throw new IntakeProblem(HttpStatus.TOO_MANY_REQUESTS, "Too many codes sent",
                    "Several codes were sent recently; wait before asking again.", java.util.List.of(), 3600L);
        }
        if (result instanceof VerifyIdentity.Result.NotByCode) {
            throw IntakeProblem.of(HttpStatus.CONFLICT, "No code needed",
                    "This request is not verified by an emailed code.");
        }
        if (result instanceof VerifyIdentity.Result.NotFound) {
            throw IntakeProblem.of(HttpStatus.NOT_FOUND, "Not found", "No request with this id and status token awaits a code.");
        }
        throw IntakeProblem.unavailable();
    }
}
