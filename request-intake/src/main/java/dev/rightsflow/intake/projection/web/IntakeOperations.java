package dev.rightsflow.intake.projection.web;

import dev.rightsflow.intake.security.web.IntakeSecurity;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.schemas.state.ProjectionState;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The operator's on-demand rebuild of intake's views. Only the operator token
 * ({@code rightsflow.intake.operator-token}, {@code INTAKE_OPERATOR_TOKEN} in the standalone) reaches it, as a
 * bearer token ({@link IntakeSecurity}); without a configured token nobody does.
 */
@RestController
public class IntakeOperations {

    private final ProjectionState state;

    public IntakeOperations(@Qualifier("intakeProjectionState") ProjectionState state) {
        this.state = state;
    }

    @Operation(summary = "Rebuild intake's views from the topics",
            description = "Clears the registry view and the request-status projection; intake's listeners fold REGISTRY, "
                    + "REQUESTS, CASES, TASK_RESULTS and CASE_COMMANDS again. Intake answers 503 with Retry-After until it has caught up.")
    @PostMapping(path = "/api/v1/intake/rebuild", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Object>> rebuild() {
        return Mono.fromRunnable(state::rebuild).subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.accepted().body(Map.of("rebuilding", true)));
    }
}
