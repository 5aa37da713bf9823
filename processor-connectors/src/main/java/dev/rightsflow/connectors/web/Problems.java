package dev.rightsflow.connectors.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

import dev.rightsflow.connectors.spi.ConfigProblem;

/**
 * RFC 9457 problem details for this module's controllers only (scoped by package, so the
 * standalone's other services keep their own error handling).
 */
@RestControllerAdvice(name = "connectorsProblems", basePackageClasses = Problems.class)
public class Problems {

    /** Bad input: each bad field listed under {@code errors}. */
    public static final class BadRequest extends RuntimeException {
        private final transient List<ConfigProblem> problems;

        public BadRequest(String title, List<ConfigProblem> problems) {
            super(title, null, false, false);
            this.problems = List.copyOf(problems);
        }
    }

    static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    @ExceptionHandler(BadRequest.class)
    public ResponseEntity<ProblemDetail> badRequest(BadRequest e) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, e.getMessage(), e.problems.size() + " problem(s)");
        problem.setProperty("errors", e.problems.stream().map(p -> Map.of("field", p.key(), "message", p.message())).toList());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "Unreadable request", e.getReason() == null ? "bad input" : e.getReason());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
