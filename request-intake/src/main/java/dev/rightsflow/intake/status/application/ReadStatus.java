package dev.rightsflow.intake.status.application;

import dev.rightsflow.intake.registry.application.RegistryView;

import java.util.Optional;


import dev.rightsflow.deadline.DeadlineEngine;
import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.intake.status.model.RequestStatus;
import dev.rightsflow.intake.status.model.StatusReport;
import reactor.core.publisher.Mono;

/**
 * The citizen's view of a request, for whoever holds its status token. An unknown request and a
 * wrong token look the same (empty), so the API does not reveal which request ids exist.
 */
public class ReadStatus {

    private final StatusStore statuses;
    private final RegistryView registry;
    private final DeadlineEngine deadlines;
    private final RequestIntakeProperties properties;

    public ReadStatus(StatusStore statuses, RegistryView registry, DeadlineEngine intakeDeadlineEngine,
            RequestIntakeProperties properties) {
        this.statuses = statuses;
        this.registry = registry;
        this.deadlines = intakeDeadlineEngine;
        this.properties = properties;
    }

    public Mono<Optional<StatusReport>> read(String requestId, String statusToken) {
        return statuses.find(requestId).flatMap(found -> {
            if (found.isEmpty() || !Hashing.tokenMatches(statusToken, found.get().statusTokenHash())) {
                return Mono.just(Optional.<StatusReport>empty());
            }
            return report(found.get());
        });
    }

    /** For callers already authorised otherwise (an authenticated OpenDSR submitter). */
    public Mono<Optional<StatusReport>> readTrusted(String requestId) {
        return statuses.find(requestId).flatMap(found -> found.isPresent() && found.get().known() ? report(found.get())
                : Mono.just(Optional.<StatusReport>empty()));
    }

    private Mono<Optional<StatusReport>> report(RequestStatus status) {
        String controller = status.controllerId() != null ? status.controllerId() : status.organisationId();
        return registry.snapshot().map(all -> Optional.of(StatusReport.of(status, all.get(controller), deadlines,
                status.accessPackageId() == null ? null
                        : properties.publicBaseUrl() + properties.accessPackageUrl(status.accessPackageId()),
                new StatusReport.Names(all))));
    }
}
