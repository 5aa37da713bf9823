package dev.rightsflow.connectors.tasks.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.lanes.application.LaneStatus;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.tasks.application.ResultPublisher;
import dev.rightsflow.connectors.tasks.application.TaskRunner;
import dev.rightsflow.connectors.tasks.application.TaskStore;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.connectors.vendors.OpenDsrCertificates;
import dev.rightsflow.connectors.vendors.OpenDsrConnector;
import dev.rightsflow.connectors.web.Problems;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The service's own HTTP surface, all under {@code /connectors}. */
@RestController("connectorsController")
public class ConnectorsController {

    private final TaskStore tasks;
    private final TaskRunner runner;
    private final ResultPublisher publisher;
    private final ConnectorCatalogue catalogue;
    private final ProjectionState state;
    private final OpenDsrCertificates openDsrCertificates;

    public ConnectorsController(TaskStore tasks, TaskRunner runner, ResultPublisher publisher, ConnectorCatalogue catalogue,
            @org.springframework.beans.factory.annotation.Qualifier("connectorsProjectionState") ProjectionState state,
            OpenDsrCertificates openDsrCertificates) {
        this.openDsrCertificates = openDsrCertificates;
        this.tasks = tasks;
        this.runner = runner;
        this.publisher = publisher;
        this.catalogue = catalogue;
        this.state = state;
    }

    /** Tasks that failed for good (permanently, or out of retries): the dead letters, oldest first. */
    @GetMapping("/api/v1/connectors/dead-letters")
    public Flux<TaskView> deadLetters() {
        return tasks.byStatus(TaskStatus.FAILED).map(TaskView::of);
    }

    /**
     * One click on the dashboard: publishes the RetryTask command, which the runner then applies.
     * With an {@code Idempotency-Key} header the command's id is derived from it, so a click sent
     * twice is one command; without one every call is a new command (the runner still ignores a
     * retry of a task that is no longer a dead letter).
     */
    @PostMapping("/api/v1/connectors/dead-letters/{taskId}/retry")
    public Mono<ResponseEntity<Object>> retry(@PathVariable String taskId,
            @RequestHeader(name = "X-Staff-User", defaultValue = "staff") String staffUser,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        String commandId = idempotencyKey == null || idempotencyKey.isBlank() ? Events.newEventId()
                : Events.derivedId("RetryTask", taskId, idempotencyKey);
        return tasks.find(taskId).flatMap(task -> {
            if (task.status() != TaskStatus.FAILED) {
                return Mono.error(new ProblemException(ProblemType.CONFLICT,
                        "task " + taskId + " is " + task.status() + "; only FAILED tasks can be retried"));
            }
            return publisher.retryRequested(task.requestId(), taskId, commandId, new ActorRef("STAFF", staffUser, task.controllerId()),
                            java.time.Instant.now())
                    .thenReturn(ResponseEntity.accepted().<Object>body(Map.of("taskId", taskId, "retry", "requested", "commandId", commandId)));
        }).switchIfEmpty(Mono.error(() -> ProblemException.notFound("no such task: " + taskId)));
    }

    @GetMapping("/api/v1/connectors/tasks")
    public Flux<TaskView> tasks(@RequestParam(required = false) String requestId, @RequestParam(required = false) String status) {
        if (requestId != null) {
            return tasks.byRequest(requestId).map(TaskView::of);
        }
        TaskStatus wanted;
        try {
            wanted = status == null ? TaskStatus.NEEDS_PERSON : TaskStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            return Flux.error(Problems.invalid("unknown status", List.of(new ConfigProblem("status",
                    "must be one of " + List.of(TaskStatus.values())))));
        }
        return tasks.byStatus(wanted).map(TaskView::of);
    }

    @GetMapping("/api/v1/connectors/tasks/{taskId}")
    public Mono<ResponseEntity<Object>> task(@PathVariable String taskId) {
        return tasks.find(taskId).map(t -> ResponseEntity.ok().<Object>body(TaskView.of(t)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no such task: " + taskId)));
    }

    /**
     * The runner's lanes and, per system, whether its vendor is running, paused (it counts as down:
     * its tasks wait and use no attempts) or being probed, since when and why.
     */
    @GetMapping("/api/v1/connectors/lanes")
    public List<LaneStatus> lanes() {
        return runner.lanes();
    }

    /** The installed connectors and their declared configuration. */
    @GetMapping("/api/v1/connectors/connectors")
    public List<Map<String, Object>> connectors() {
        return catalogue.all().stream().map(ConnectorsController::describe).toList();
    }

    /** Checks one system's configuration for a connector before it goes into the registry. */
    @PostMapping(path = "/api/v1/connectors/connectors/{name}/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Object> validate(@PathVariable String name, @RequestBody Map<String, String> config) {
        Connector connector = catalogue.find(name).orElse(null);
        if (connector == null) {
            throw ProblemException.notFound("no such connector: " + name);
        }
        List<ConfigProblem> problems = connector.validate(config);
        if (!problems.isEmpty()) {
            throw Problems.invalid("invalid connector configuration", problems);
        }
        return ResponseEntity.ok(Map.of("connector", name, "valid", true));
    }

    /**
     * OpenDSR status callback, authenticated as OpenDSR 2.0 §8.8 lays down
     * (https://github.com/opengdpr/OpenDSR/blob/master/specification.md): the signature in
     * {@code X-OpenDSR-Signature} is checked over the raw body before anything parses it, with the
     * certificate configured for the system or, when none is, the one the processor publishes at
     * its {@code /discovery} (only for the processor the registry names: the
     * {@code X-OpenDSR-Processor-Domain} must be its host); 403 when it does not verify. A
     * verified callback must name this endpoint in {@code status_callback_url} and the task in
     * {@code subject_request_id} (422 otherwise); it then makes the runner check the request's
     * status at once (202). The callback's own status is never trusted without that check.
     */
    @PostMapping("/api/v1/connectors/callbacks/opendsr/{taskId}")
    public Mono<ResponseEntity<Object>> openDsrCallback(@PathVariable String taskId,
            @RequestHeader(name = "X-OpenDSR-Signature", required = false) String signature,
            @RequestHeader(name = "X-OpenDSR-Processor-Domain", required = false) String processorDomain,
            @RequestBody(required = false) byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        Mono<ResponseEntity<Object>> refused = Mono.error(new ProblemException(ProblemType.FORBIDDEN,
                "the callback's X-OpenDSR-Signature does not verify with the processor's certificate"));
        return tasks.find(taskId).filter(task -> "opendsr".equals(task.connector())).flatMap(task -> Mono.fromCallable(() -> {
            String configured = task.config().get("processorCertificate");
            String baseUrl = task.config().get("baseUrl");
            if (configured != null && !configured.isBlank()) {
                return OpenDsrConnector.verifySignature(payload, signature, configured);
            }
            if (openDsrCertificates.certificate(baseUrl, processorDomain)
                    .map(pem -> OpenDsrConnector.verifySignature(payload, signature, pem)).orElse(false)) {
                return true;
            }
            // The processor may have rotated its certificate: fetch it once more before refusing.
            openDsrCertificates.forget(baseUrl);
            return openDsrCertificates.certificate(baseUrl, processorDomain)
                    .map(pem -> OpenDsrConnector.verifySignature(payload, signature, pem)).orElse(false);
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(verified -> {
            if (!verified) {
                return refused;
            }
            Optional<String> wrong = OpenDsrConnector.callbackMismatch(payload, taskId);
            if (wrong.isPresent()) {
                return Mono.error(ProblemException.invalid("the callback is not for this endpoint: " + wrong.get(),
                        List.of()));
            }
            return runner.checkNow(taskId).thenReturn(ResponseEntity.accepted().<Object>build());
        })).switchIfEmpty(refused);
    }

    /**
     * Clears the projections; the listeners fold the topics again. The service answers 503 with
     * Retry-After until it has caught up.
     */
    @PostMapping("/api/v1/connectors/rebuild")
    public Mono<ResponseEntity<Object>> rebuild() {
        return Mono.fromRunnable(state::rebuild).subscribeOn(Schedulers.boundedElastic())
                .thenReturn(ResponseEntity.accepted().body(Map.of("rebuilding", true)));
    }

    private static Map<String, Object> describe(Connector c) {
        return Map.of("name", c.name(), "documentation", c.documentation(),
                "actions", c.supports().stream().map(Enum::name).sorted().toList(),
                "config", c.config().keys().stream().map(ConnectorsController::describe).toList());
    }

    private static Map<String, Object> describe(ConfigKey k) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("name", k.name());
        out.put("type", k.type().name());
        out.put("required", k.required());
        out.put("secret", k.secret());
        if (k.defaultValue() != null) {
            out.put("default", k.defaultValue());
        }
        out.put("description", k.description());
        return out;
    }
}
