package dev.rightsflow.auditlog.dashboard.web;

import java.util.List;

import org.springframework.http.ResponseEntity;

import dev.rightsflow.auditlog.dashboard.model.ActionCheck;
import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;

/**
 * Audit-log's refusals as the shared problem vocabulary. Each method answers by throwing a {@link ProblemException},
 * which the shared {@link dev.rightsflow.schemas.api.ApiProblemAdvice} writes (with the path called as
 * {@code instance}); each is typed as a response so that it fits where a handler returns one. Call it only where
 * the refusal is decided (inside the pipeline's step, never as an eagerly built default).
 */
public final class Problems {

    private Problems() {
    }

    /** A staff action the case refused: its fields (422), not the caller's to decide (403), or not now (409). */
    public static ResponseEntity<Object> of(ActionCheck check) {
        List<Problem.FieldError> fields = check.fields() == null ? List.of() : check.fields().stream()
                .map(f -> new Problem.FieldError(f.field(), f.message())).toList();
        throw switch (check.kind()) {
            case INVALID, UNPROCESSABLE -> ProblemException.invalid(check.detail(), fields);
            case FORBIDDEN -> new ProblemException(ProblemType.FORBIDDEN, check.detail());
            default -> new ProblemException(ProblemType.CONFLICT, check.detail());
        };
    }

    /** A body that is not what the operation documents (400). */
    public static ResponseEntity<Object> malformed(String detail) {
        throw new ProblemException(ProblemType.MALFORMED, detail);
    }

    /** 413 for a body over the operation's limit. */
    public static ResponseEntity<Object> tooLarge(String detail) {
        throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, detail);
    }

    /** 403 for what only platform administrators may do, e.g. {@code "Rebuilds are for administrators."} */
    public static ResponseEntity<Object> adminsOnly(String detail) {
        throw new ProblemException(ProblemType.FORBIDDEN, detail);
    }

    public static ResponseEntity<Object> notFound(String what) {
        throw ProblemException.notFound(what);
    }
}
