package dev.rightsflow.router.planning.web;

import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import dev.rightsflow.router.planning.model.Planner;
import dev.rightsflow.router.planning.model.WorkingCalendar;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.web.RegistryController;
import dev.rightsflow.schemas.Events;

/**
 * What an organisation's data map does for each right as the registry stands ({@code GET
 * /api/v1/router/coverage/{id}}, admin bearer token): every task a typical request would get, the connector that
 * runs it, and for a task a person does, why (the connector cannot, the system's actions do not list it, a
 * configuration key is missing); the exemptions recorded instead of tasks ({@link Planner#coverage}). For
 * administrators checking the registry after an edit; no case or personal data is involved.
 */
@RestController
public class CoverageController {

    private final RegistryService registry;
    private final Planner planner;

    public CoverageController(RegistryService registry,
            @Qualifier("routerDeadlineCalendar") WorkingCalendar calendar) {
        this.registry = registry;
        this.planner = new Planner(calendar, Events::derivedId);
    }

    @GetMapping(path = "/api/v1/router/coverage/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> coverage(@PathVariable String id, ServerWebExchange exchange) {
        return registry.entry(id).<ResponseEntity<?>>map(e -> ResponseEntity.ok(Map.of("organisationId", id,
                "version", e.version(), "rows", planner.coverage(e.organisation()))))
                .orElseGet(() -> RegistryController.problem(RegistryController.notFound(id)));
    }
}
