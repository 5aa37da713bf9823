package dev.rightsflow.intake.shared.web;

import java.util.List;

import org.springframework.http.HttpStatus;

import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.schemas.model.Counted;

/**
 * A request intake refuses, carried to {@link IntakeProblemHandler}, which answers with RFC 9457
 * problem JSON. Thrown only before anything is written or published.
 */
public class IntakeProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    public IntakeProblem(HttpStatus status, String title, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static IntakeProblem of(HttpStatus status, String title, String detail) {
        return new IntakeProblem(status, title, detail, List.of(), null);
    }

    public static IntakeProblem invalid(List<FieldError> errors) {
        return new IntakeProblem(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid request",
                "The request has " + Counted.of(errors.size(), "invalid field") + "; nothing was recorded.", errors, null);
    }

    public static IntakeProblem unavailable() {
        return new IntakeProblem(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable",
                "The request could not be recorded safely just now; nothing was recorded. Please try again shortly.",
                List.of(), 30L);
    }

    public static IntakeProblem unauthorised(String detail) {
        return of(HttpStatus.UNAUTHORIZED, "Not authenticated", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
