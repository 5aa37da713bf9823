package dev.rightsflow.router.registry.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryEntry;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.model.FieldError;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.api.JsonBodyWords;
import dev.rightsflow.schemas.api.Problem;
import dev.rightsflow.schemas.api.ProblemException;
import dev.rightsflow.schemas.api.ProblemType;
import dev.rightsflow.schemas.model.Counted;

/**
 * The registry's admin API ({@code /api/v1/registry/...}, admin bearer token). An edit (PUT of an
 * organisation, DELETE of one of its services or systems) is validated, published as the
 * organisation's next {@code OrganisationPublished} version, then projected; bad input gets an
 * RFC 9457 problem listing every bad field, and nothing is published. Optimistic concurrency:
 * GET answers with {@code ETag: "<version>"}; an edit with {@code If-Match} naming an older
 * version gets 412 (RFC 9110 13.1.1) and nothing is published.
 */
@RestController
public class RegistryController {

    private final RegistryService registry;
    private final RegistryCodec codec;

    public RegistryController(RegistryService registry, RegistryCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    @GetMapping(path = "/api/v1/registry/organisations", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> list(ServerWebExchange exchange) {
        List<Map<String, Object>> summary = registry.entries().stream()
                .sorted(java.util.Comparator.comparing(e -> e.organisation().id()))
                .map(e -> Map.<String, Object>of("id", e.organisation().id(), "name", e.organisation().name(),
                        "version", e.version(), "tenant", e.organisation().tenant()))
                .toList();
        return ResponseEntity.ok(summary);
    }

    @GetMapping(path = "/api/v1/registry/organisations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> get(@PathVariable String id, ServerWebExchange exchange) {
        return registry.entry(id).<ResponseEntity<?>>map(e -> ResponseEntity.ok().eTag(etag(e)).body(e))
                .orElseGet(() -> problem(notFound(id)));
    }

    @PutMapping(path = "/api/v1/registry/organisations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> put(@PathVariable String id, @RequestBody String body,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, ServerWebExchange exchange) {
        Organisation organisation;
        try {
            organisation = codec.readOrganisation(body);
        } catch (tools.jackson.core.exc.StreamReadException e) {
            return Mono.error(new ProblemException(ProblemType.MALFORMED, JsonBodyWords.notWellFormed(e.getLocation())));
        } catch (JacksonException e) {
            if (e.getPath().isEmpty()) {
                // the body as a whole is an array, a string, a number or a boolean
                return Mono.error(new ProblemException(ProblemType.MALFORMED, JsonBodyWords.notAnObject(body)));
            }
            // words, never the parser's message: it names the server's classes
            String message = e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException ? "is not a known field"
                    : "has the wrong type or format";
            return Mono.error(invalid(List.of(new FieldError(path(e), message))));
        }
        if (organisation == null) {
            return Mono.error(new ProblemException(ProblemType.MALFORMED, JsonBodyWords.notAnObject(body)));
        }
        if (!id.equals(organisation.id())) {
            return Mono.error(invalid(List.of(new FieldError("id", "must equal the id in the path"))));
        }
        return versioned(ifMatch, expected -> registry.edit(organisation, ADMIN, expected));
    }

    /** Removes a service or site from an organisation (published as its next version). */
    @DeleteMapping(path = "/api/v1/registry/organisations/{id}/services/{serviceId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> deleteService(@PathVariable String id, @PathVariable String serviceId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, ServerWebExchange exchange) {
        return versioned(ifMatch, expected -> registry.removeService(id, serviceId, ADMIN, expected));
    }

    /** Removes a system from an organisation's data map (published as its next version). */
    @DeleteMapping(path = "/api/v1/registry/organisations/{id}/systems/{systemId}",
            produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<?>> deleteSystem(@PathVariable String id, @PathVariable String systemId,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, ServerWebExchange exchange) {
        return versioned(ifMatch, expected -> registry.removeSystem(id, systemId, ADMIN, expected));
    }

    private static final Actor ADMIN = new Actor(Actor.Kind.STAFF, "registry-admin", null);

    /** Applies an edit guarded by the version named in If-Match (none: no check), off the event loop. */
    private Mono<ResponseEntity<?>> versioned(String ifMatch,
            java.util.function.Function<Long, RegistryService.EditResult> change) {
        Long expected;
        try {
            expected = expectedVersion(ifMatch);
        } catch (NumberFormatException e) {
            return Mono.error(new ProblemException(ProblemType.MALFORMED,
                    "If-Match must be the entry's ETag, a quoted version number such as \"3\""));
        }
        return respond(() -> change.apply(expected));
    }

    private Mono<ResponseEntity<?>> respond(java.util.concurrent.Callable<RegistryService.EditResult> edit) {
        return Mono.fromCallable(edit).subscribeOn(Schedulers.boundedElastic()).map(result -> {
            if (result instanceof RegistryService.EditResult.Rejected rejected) {
                return problem(invalid(rejected.errors()));
            }
            if (result instanceof RegistryService.EditResult.Stale stale) {
                return problem(stale(stale.currentVersion()));
            }
            if (result instanceof RegistryService.EditResult.NotFound missing) {
                return problem(notFound(missing.what()));
            }
            RegistryEntry entry = ((RegistryService.EditResult.Published) result).entry();
            return ResponseEntity.ok().eTag(etag(entry)).body(entry);
        });
    }

    /** The ETag of an entry is its version, quoted. */
    static String etag(RegistryEntry entry) {
        return "\"" + entry.version() + "\"";
    }

    /** The version named by If-Match ({@code "3"}, {@code W/"3"} or {@code 3}); null when absent or {@code *}. */
    static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        return Long.parseLong(v.replace("\"", ""));
    }

    static ProblemException stale(long currentVersion) {
        return new ProblemException(ProblemType.PRECONDITION_FAILED,
                "the entry changed since you read it; it is now at version " + currentVersion
                        + ". Read it again and repeat your change. Nothing was published",
                List.of(), Map.of("currentVersion", currentVersion), null);
    }

    /** Answers the request with the problem (the advice writes it): for use where a response is expected. */
    public static <T> T problem(ProblemException problem) {
        throw problem;
    }

    static ProblemException invalid(List<FieldError> errors) {
        return ProblemException.invalid(Counted.of(errors.size(), "field") + (errors.size() == 1 ? " is" : " are") + " invalid; nothing was published",
                errors.stream().map(f -> new Problem.FieldError(f.field(), f.message())).toList());
    }

    public static ProblemException notFound(String id) {
        return ProblemException.notFound("no such entry: " + id);
    }

    private static String path(JacksonException e) {
        String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                : "[" + r.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
        return path;
    }
}
