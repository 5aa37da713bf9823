package dev.rightsflow.intake.application;

import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.model.OpenDsrMapping;
import dev.rightsflow.intake.model.StatusReport;
import reactor.core.publisher.Mono;

/**
 * The OpenDSR view of a request ({@code GET /opendsr/requests/{id}} and status callbacks). A
 * callback is sent when the OpenDSR status changes, from the live listener only (never during
 * replay), and remembered once delivered, so a redelivered event sends nothing new.
 */
@Component
public class OpenDsrStatus {

    private static final Logger log = LoggerFactory.getLogger(OpenDsrStatus.class);

    private final CallbackStore callbacks;
    private final StatusCallbacks sender;
    private final ReadStatus status;

    public OpenDsrStatus(CallbackStore callbacks, StatusCallbacks sender, ReadStatus status) {
        this.callbacks = callbacks;
        this.sender = sender;
        this.status = status;
    }

    /** The status body for a request an organisation submitted over OpenDSR; empty when it did not. */
    public Mono<Optional<Map<String, Object>>> read(String requestId, String organisationId) {
        return callbacks.find(requestId).flatMap(found -> {
            if (found.isEmpty() || !found.get().organisationId().equals(organisationId)) {
                return Mono.just(Optional.<Map<String, Object>>empty());
            }
            return status.readTrusted(requestId).map(report -> report.map(r -> body(found.get(), r)));
        });
    }

    public Mono<Void> onStatusChanged(String requestId) {
        return callbacks.find(requestId).flatMap(found -> {
            if (found.isEmpty() || found.get().urls().isEmpty()) {
                return Mono.<Void>empty();
            }
            CallbackStore.Registration registration = found.get();
            return status.readTrusted(requestId).flatMap(report -> {
                if (report.isEmpty()) {
                    return Mono.<Void>empty();
                }
                Map<String, Object> body = body(registration, report.get());
                String now = (String) body.get("request_status");
                if (now.equals(registration.lastStatus())) {
                    return Mono.<Void>empty();
                }
                return sender.send(registration, body)
                        .then(callbacks.markSent(requestId, now))
                        .doOnSuccess(v -> log.info("OpenDSR callback for request {}: {}", requestId, now))
                        .onErrorResume(e -> {
                            log.warn("OpenDSR callback for request {} failed ({}); sent again on the next change",
                                    requestId, e.getClass().getSimpleName());
                            return Mono.empty();
                        });
            });
        });
    }

    static Map<String, Object> body(CallbackStore.Registration registration, StatusReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", OpenDsrMapping.API_VERSION);
        body.put("controller_id", report.controllerId() != null ? report.controllerId() : report.organisationId());
        body.put("subject_request_id", registration.subjectRequestId());
        body.put("request_status", OpenDsrMapping.status(report.state()));
        body.put("rightsflow_request_id", report.requestId());
        if (report.deadline() != null) {
            body.put("expected_completion_time",
                    report.deadline().atTime(LocalTime.of(23, 59, 59)).atZone(StatusReport.UK).toInstant().toString());
        }
        if (report.accessPackageUrl() != null) {
            body.put("results_url", report.accessPackageUrl());
        }
        body.put("status_time", Instant.now().toString());
        return body;
    }
}
