package dev.rightsflow.router.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

import dev.rightsflow.router.application.RegistryCodec;
import dev.rightsflow.router.application.RegistryEntry;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.model.FieldError;
import dev.rightsflow.router.model.Organisation;
import dev.rightsflow.schemas.Events;

/**
 * The registry's admin API ({@code /api/v1/registry/...}, admin bearer token). An edit is
 * validated, published as {@code OrganisationPublished}, then projected; bad input gets an
 * RFC 9457 problem listing every bad field, and nothing is published.
 */
@RestController
public class RegistryController {

    private final RegistryService registry;
    private final RegistryCodec codec;
    private final AdminAuth auth;

    public RegistryController(RegistryService registry, RegistryCodec codec, AdminAuth auth) {
        this.registry = registry;
        this.codec = codec;
        this.auth = auth;
    }

    @GetMapping(path = "/api/v1/registry/organisations", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> list(ServerWebExchange exchange) {
        if (!auth.isAdmin(exchange)) {
            return problem(AdminAuth.unauthorized(exchange));
        }
        List<Map<String, Object>> summary = registry.entries().stream()
                .sorted(java.util.Comparator.comparing(e -> e.organisation().id()))
                .map(e -> Map.<String, Object>of("id", e.organisation().id(), "name", e.organisation().name(),
                        "version", e.version(), "tenant", e.organisation().tenant()))
                .toList();
        return ResponseEntity.ok(summary);
    }

    @GetMapping(path = "/api/v1/registry/organisations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> get(@PathVariable String id, ServerWebExchange exchange) {
        if (!auth.isAdmin(exchange)) {
            return problem(AdminAuth.unauthorized(exchange));
        }
        return registry.entry(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(notFound(id)));
    }

    @PutMapping(path = "/api/v1/registry/organisations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> put(@PathVariable String id, @RequestBody String body, ServerWebExchange exchange) {
        if (!auth.isAdmin(exchange)) {
            return Mono.just(problem(AdminAuth.unauthorized(exchange)));
        }
        Organisation organisation;
        try {
            organisation = codec.readOrganisation(body);
        } catch (JacksonException e) {
            return Mono.just(problem(invalid(List.of(new FieldError(path(e), "cannot be read: "
                    + e.getOriginalMessage())))));
        }
        if (!id.equals(organisation.id())) {
            return Mono.just(problem(invalid(List.of(new FieldError("id", "must equal the id in the path")))));
        }
        return Mono.fromCallable(() -> registry.edit(organisation, Events.staff("registry-admin", null)))
                .subscribeOn(Schedulers.boundedElastic())
                .map(result -> {
                    if (result instanceof RegistryService.EditResult.Rejected rejected) {
                        return problem(invalid(rejected.errors()));
                    }
                    RegistryEntry entry = ((RegistryService.EditResult.Published) result).entry();
                    return ResponseEntity.ok(entry);
                });
    }

    static ResponseEntity<?> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.size() + " field(s) are invalid; nothing was published");
        problem.setType(URI.create("https://rightsflow.dev/problems/invalid-registry-entry"));
        problem.setTitle("Invalid registry entry");
        problem.setProperty("errors", errors);
        return problem;
    }

    static ProblemDetail notFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no such entry: " + id);
        problem.setType(URI.create("https://rightsflow.dev/problems/not-found"));
        return problem;
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return path;
    }
}
