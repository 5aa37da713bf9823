package dev.rightsflow.intake.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.schemas.state.ProjectionState;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's on-demand rebuild of intake's views. It needs the operator token
 * ({@code rightsflow.intake.operator-token}, {@code INTAKE_OPERATOR_TOKEN} in the standalone) as
 * a bearer token; without a configured token the endpoint does not exist (404).
 */
@RestController
public class IntakeOperations {

    private final ProjectionState state;
    private final byte[] token;

    public IntakeOperations(@Qualifier("intakeProjectionState") ProjectionState state,
            @Value("${rightsflow.intake.operator-token:}") String token) {
        this.state = state;
        this.token = token.isBlank() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Operation(summary = "Rebuild intake's views from the topics",
            description = "Clears the registry view and the request-status projection; intake's listeners fold REGISTRY, "
                    + "REQUESTS, CASES, TASK_RESULTS and CASE_COMMANDS again. Intake answers 503 with Retry-After until it has caught up.")
    @PostMapping(path = "/intake/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> rebuild(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        if (token == null) {
            return Mono.just(problem(HttpStatus.NOT_FOUND, "No such endpoint", null));
        }
        if (auth == null || !MessageDigest.isEqual(token, auth.getBytes(StandardCharsets.UTF_8))) {
            return Mono.just(problem(HttpStatus.UNAUTHORIZED, "The operator token is missing or wrong", "Bearer realm=\"rightsflow-intake\""));
        }
        return Mono.fromRunnable(state::rebuild).subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.accepted().body(Map.of("rebuilding", true)));
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail, String challenge) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (challenge != null) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return builder.body(problem);
    }
}
