package dev.rightsflow.intake.shared.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.intake.RequestIntakeConfiguration;
import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.api.Problems;

/**
 * Intake's own refusals ({@link IntakeProblem}) as the shared problem ({@link Problems}), for intake's controllers
 * (scoped by package: every feature's {@code web} under {@code dev.rightsflow.intake}); everything else (unreadable input, 404, 405, 415, defects) is answered by the shared
 * {@link dev.rightsflow.schemas.api.ApiProblemAdvice}. The type follows the status ({@link ProblemType#of}); an
 * {@link IntakeProblem}'s title is not sent, the type's is.
 */
@RestControllerAdvice(basePackageClasses = RequestIntakeConfiguration.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IntakeProblemHandler {

    @ExceptionHandler(IntakeProblem.class)
    public ResponseEntity<Problem> on(IntakeProblem problem, ServerHttpRequest request) {
        return Problems.response(request, of(problem));
    }

    /** The same refusal as the shared exception. */
    static ProblemException of(IntakeProblem problem) {
        List<Problem.FieldError> errors = problem.errors().stream()
                .map(e -> new Problem.FieldError(e.field(), e.message())).toList();
        return new ProblemException(ProblemType.of(problem.status().value()), problem.getMessage(), errors, Map.of(),
                problem.retryAfterSeconds());
    }
}
