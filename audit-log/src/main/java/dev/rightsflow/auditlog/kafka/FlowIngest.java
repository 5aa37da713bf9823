package dev.rightsflow.auditlog.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import reactor.core.publisher.Mono;

import dev.rightsflow.auditlog.alerts.application.AlertNotifications;
import dev.rightsflow.auditlog.cases.application.CaseProjection;
import dev.rightsflow.auditlog.cases.application.CaseQueries;
import dev.rightsflow.auditlog.cases.application.LiveUpdates;
import dev.rightsflow.auditlog.cases.model.CaseDeadline;
import dev.rightsflow.auditlog.cases.model.CaseFile;
import dev.rightsflow.auditlog.lanes.LaneView;
import dev.rightsflow.auditlog.lanes.model.LaneState;
import dev.rightsflow.auditlog.registry.RegistryView;
import dev.rightsflow.auditlog.trail.application.AuditTrail;
import dev.rightsflow.auditlog.trail.model.AuditEntry;
import dev.rightsflow.auditlog.webhooks.WebhookLog;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AuditEntryAppended;
import dev.rightsflow.schemas.avro.DeadlineAlertRaised;
import dev.rightsflow.schemas.avro.LanePaused;
import dev.rightsflow.schemas.avro.LaneResumed;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.WebhookAttempted;
import dev.rightsflow.schemas.kafka.Eventing;

/**
 * What happens to one event from any flow topic:
 * <ol>
 * <li>registry events update audit-log's registry view; lane events ({@code LanePaused},
 * {@code LaneResumed}) its lane view, and are appended to the chain {@code lane:<systemId>};</li>
 * <li>the event is folded into the case projection;</li>
 * <li>the event is appended to its request's audit chain (registry events to
 * {@code registry:<organisationId>}), with the statutory deadline as it stood once the event had
 * taken effect;</li>
 * <li>live only: the entry is published as {@code AuditEntryAppended} on AUDIT (an external witness
 * of the chain's hashes; same event id on every redelivery); the listener awaits the poll's sends
 * together before it stores the offsets ({@link #ingestLive});</li>
 * <li>live only: the dashboards are told the case changed, and an alert new to its case is sent to
 * the controller's webhook and email.</li>
 * </ol>
 * A replay ({@code live = false}) does steps 1 to 3 only: it publishes and notifies nothing.
 */
public class FlowIngest {

    private final AuditTrail trail;
    private final CaseProjection cases;
    private final RegistryView registry;
    private final LiveUpdates live;
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;
    private final AlertNotifications notifications;
    private final CaseQueries queries;
    private final LaneView lanes;
    private final WebhookLog webhookLog;

    public FlowIngest(AuditTrail trail, CaseProjection cases, RegistryView registry, LiveUpdates live,
            AlertNotifications notifications, CaseQueries queries, LaneView lanes,
            KafkaTemplate<String, Object> kafka, Clock clock, WebhookLog webhookLog) {
        this.webhookLog = webhookLog;
        this.trail = trail;
        this.cases = cases;
        this.registry = registry;
        this.live = live;
        this.kafka = kafka;
        this.clock = clock;
        this.notifications = notifications;
        this.queries = queries;
        this.lanes = lanes;
    }

    public Mono<Void> ingest(String topic, SpecificRecord event, boolean isLive) {
        return ingest(topic, event, isLive, null);
    }

    /**
     * Live ingest that does not wait for the witness: its send is put in {@code sends} (the listener's
     * poll awaits every send before it stores the offsets, {@code ProjectionState#sendsOfThisPoll}),
     * so one event's store writes overlap the previous events' acknowledgements.
     */
    public Mono<Void> ingestLive(String topic, SpecificRecord event, java.util.List<CompletableFuture<?>> sends) {
        return ingest(topic, event, true, null, sends);
    }

    /**
     * @param recordedAt when the entry was first recorded, as witnessed on AUDIT (a rebuild of a lost
     *                   trail passes it so the rebuilt entry hashes as the original did); null: now
     */
    public Mono<Void> ingest(String topic, SpecificRecord event, boolean isLive, Instant recordedAt) {
        return ingest(topic, event, isLive, recordedAt, null);
    }

    /** @param sends where witness sends go without being awaited; null: each is awaited */
    Mono<Void> ingest(String topic, SpecificRecord event, boolean isLive, Instant recordedAt,
            java.util.List<CompletableFuture<?>> sends) {
        Instant at = recordedAt != null ? recordedAt : clock.instant();
        if (event instanceof AuditEntryAppended) {
            return Mono.empty();
        }
        if (event instanceof OrganisationPublished org) {
            return registry.publish(CaseEvents.organisation(org))
                    .then(trail.append(EventPayloads.unchained("registry:" + org.getOrganisationId(), topic, event,
                            at, null)))
                    .flatMap(appended -> isLive ? witness(appended.entry(), sends) : Mono.empty())
                    .then();
        }
        if (event instanceof LanePaused || event instanceof LaneResumed) {
            return lanes.apply(lane(event))
                    .then(trail.append(EventPayloads.unchained(Events.requestId(event), topic, event, at, null)))
                    .flatMap(appended -> isLive ? witness(appended.entry(), sends) : Mono.empty())
                    .then();
        }
        if (event instanceof WebhookAttempted attempt) {
            // the delivery log for staff, then audited like any case event
            return webhookLog.apply(attempt).then(Mono.defer(() -> ingestCaseEvent(topic, event, isLive, at, sends)));
        }
        return ingestCaseEvent(topic, event, isLive, at, sends);
    }

    private Mono<Void> ingestCaseEvent(String topic, SpecificRecord event, boolean isLive, Instant at,
            java.util.List<CompletableFuture<?>> sends) {
        String requestId = Events.requestId(event);
        // processors that run the service concerned see the case too (registry: service → processors)
        Optional<Consumer<CaseFile>> effect = effect(event);
        Mono<Projected> applied = effect.map(e -> Mono.fromFuture(() -> cases.apply(requestId, Events.eventId(event),
                        Events.occurredAt(event), e)).flatMap(Mono::justOrEmpty).map(file -> new Projected(file, true)))
                .orElse(Mono.empty());
        Mono<Optional<Projected>> projected = applied
                .switchIfEmpty(Mono.fromFuture(() -> cases.find(requestId)).flatMap(Mono::justOrEmpty).map(file -> new Projected(file, false)))
                .map(Optional::of).defaultIfEmpty(Optional.empty());
        return projected.flatMap(p -> {
            String deadline = p.map(Projected::file).map(this::deadlineAsItStands).orElse(null);
            Mono<Void> appendAndWitness = trail.append(EventPayloads.unchained(requestId, topic, event, at,
                    deadline)).flatMap(appended -> isLive ? witness(appended.entry(), sends) : Mono.empty());
            return appendAndWitness.then(Mono.defer(() -> isLive && p.isPresent() ? afterLive(event, p.get())
                    : Mono.<Void>empty()));
        });
    }

    /** The event's effect on its case; processors that run the service concerned see the case too. */
    Optional<Consumer<CaseFile>> effect(SpecificRecord event) {
        return CaseEvents.effect(event)
                .map(e -> e.andThen(file -> file.processorIds.addAll(registry.processorsOfService(file.serviceId))));
    }

    /** The time an entry is recorded at now (the audit clock, to the millisecond). */
    Instant now() {
        return clock.instant();
    }

    private static LaneState lane(SpecificRecord event) {
        if (event instanceof LanePaused p) {
            return new LaneState(p.getSystemId(), p.getLane(), p.getConnector(), p.getOrganisationIds(), true, p.getReason(),
                    p.getSince(), p.getNextProbeAt(), Duration.ofMillis(p.getProbeEveryMillis()), p.getOccurredAt());
        }
        LaneResumed r = (LaneResumed) event;
        return new LaneState(r.getSystemId(), r.getLane(), r.getConnector(), r.getOrganisationIds(), false, r.getReason(),
                r.getPausedSince(), null, null, r.getOccurredAt());
    }

    /** The case after the event, and whether this delivery applied it (false: redelivery, or no effect). */
    private record Projected(CaseFile file, boolean applied) {
    }

    /** The statutory deadline as it stands after the event: an ISO date, "clock stopped", or null. */
    String deadlineAsItStands(CaseFile file) {
        var stated = CaseDeadline.stated(file);
        if (stated.isPresent()) {
            // the router's deadline as it published it: nothing worked out again per audit entry
            return stated.get().paused() ? "clock stopped"
                    : stated.get().statutoryDue() == null ? null : stated.get().statutoryDue().toString();
        }
        try {
            var deadline = queries.view(file).deadline();
            if (deadline.paused()) {
                return "clock stopped";
            }
            return deadline.statutoryDue() == null ? null : deadline.statutoryDue().toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Tells open dashboards the case changed; an alert newly applied to its case goes out to the controller. */
    private Mono<Void> afterLive(SpecificRecord event, Projected p) {
        return afterLive(event, p.file().requestId, Set.copyOf(p.file().organisations()), p.applied());
    }

    /**
     * Tells open dashboards the case changed (those of {@code organisations} see it); an alert newly applied to
     * its case ({@code applied}) goes out to the controller.
     */
    Mono<Void> afterLive(SpecificRecord event, String requestId, Set<String> organisations, boolean applied) {
        live.changed(new LiveUpdates.CaseChanged(requestId, Events.type(event), organisations));
        if (applied && event instanceof DeadlineAlertRaised alert) {
            return Mono.fromFuture(() -> notifications.raised(alert.getRequestId(), alert.getKind(), alert.getDueDate(), alert.getTaskId(),
                    alert.getControllerId()));
        }
        return Mono.empty();
    }

    Mono<Void> witness(AuditEntry entry, java.util.List<CompletableFuture<?>> sends) {
        AuditEntryAppended appended = AuditEntryAppended.newBuilder()
                .setEventId(Events.derivedId("audit-entry", entry.sourceEventId()))
                .setRequestId(entry.chain())
                .setOccurredAt(entry.recordedAt())
                .setActor(Events.service("audit-log"))
                .setSequence(entry.sequence())
                .setSourceEventId(entry.sourceEventId())
                .setSourceEventType(entry.sourceEventType())
                .setHash(entry.hash())
                .setPreviousHash(entry.previousHash())
                .build();
        if (sends != null) {
            return Mono.fromRunnable(() -> sends.add(Eventing.publish(kafka, Topics.AUDIT, appended)));
        }
        return Mono.fromFuture(() -> Eventing.publish(kafka, Topics.AUDIT, appended)).then();
    }

    /** Publishes an anchor entry's witness (anchors are appended outside the listener). */
    public Mono<Void> witnessAnchor(AuditEntry anchor) {
        return witness(anchor, null);
    }
}
