package dev.rightsflow.auditlog.dashboard.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import dev.rightsflow.auditlog.dashboard.model.ActionCheck;

/** RFC 9457 problem responses of audit-log's API, each bad field listed under {@code errors}. */
public final class Problems {

    private Problems() {
    }

    public static ResponseEntity<Object> of(HttpStatus status, String title, String detail,
            List<ActionCheck.FieldProblem> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(URI.create("https://rightsflow.dev/problems/" + title.toLowerCase().replace(' ', '-')));
        if (fields != null && !fields.isEmpty()) {
            problem.setProperty("errors", fields.stream()
                    .map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    public static ResponseEntity<Object> of(ActionCheck check) {
        return switch (check.kind()) {
            case INVALID -> of(HttpStatus.BAD_REQUEST, "Invalid action", check.detail(), check.fields());
            case UNPROCESSABLE -> of(HttpStatus.UNPROCESSABLE_CONTENT, "Reason missing", check.detail(), check.fields());
            case FORBIDDEN -> of(HttpStatus.FORBIDDEN, "Not your decision", check.detail(), List.of());
            default -> of(HttpStatus.CONFLICT, "Not possible now", check.detail(), List.of());
        };
    }

    /** 403 for what only platform administrators may do, e.g. {@code "Rebuilds are for administrators."} */
    public static ResponseEntity<Object> adminsOnly(String detail) {
        return of(HttpStatus.FORBIDDEN, "Administrators only", detail, List.of());
    }

    public static ResponseEntity<Object> notFound(String what) {
        return of(HttpStatus.NOT_FOUND, "Not found", what, List.of());
    }
}
