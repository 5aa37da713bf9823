package dev.rightsflow.connectors.tasks.kafka;

import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;

import dev.rightsflow.connectors.tasks.application.ResultPublisher;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AccessPackageDownloaded;
import dev.rightsflow.schemas.avro.AccessPackageReady;
import dev.rightsflow.schemas.avro.RetryTask;
import dev.rightsflow.schemas.avro.TaskAttemptFailed;
import dev.rightsflow.schemas.avro.TaskCancellationRecorded;
import dev.rightsflow.schemas.avro.TaskCompleted;
import dev.rightsflow.schemas.avro.TaskFailed;
import dev.rightsflow.schemas.avro.TaskNeedsPerson;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.Events;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * {@link ResultPublisher} on TASK_RESULTS (and CASE_COMMANDS for the one-click retry), keyed by request id.
 * Each task outcome the broker acknowledged counts in {@code rightsflow.task.outcomes}, tagged with the
 * {@code connector} and the {@code outcome} ({@code completed}, {@code attempt_failed} (retried),
 * {@code failed_retriable}, {@code failed_permanent}, {@code needs_person}, {@code cancelled}, {@code not_cancelled}).
 */
public final class KafkaResultPublisher implements ResultPublisher {

    private final KafkaTemplate<String, Object> template;
    private final MeterRegistry meters;

    public KafkaResultPublisher(KafkaTemplate<String, Object> template, MeterRegistry meters) {
        this.template = template;
        this.meters = meters;
    }

    @Override
    public Mono<Void> publish(TaskRecord t) {
        TaskRecord.PendingEvent e = t.pendingEvent();
        if (e == null) {
            return Mono.empty();
        }
        ActorRef actor = t.closedBy() != null && e.kind() == TaskRecord.PendingEvent.Kind.COMPLETED ? t.closedBy() : ActorRef.SERVICE;
        SpecificRecord event = switch (e.kind()) {
            case COMPLETED -> TaskCompleted.newBuilder().setEventId(e.eventId()).setRequestId(t.requestId()).setOccurredAt(e.occurredAt())
                    .setActor(AvroMapping.actor(actor)).setTaskId(t.taskId()).setSystemId(t.systemId())
                    .setAction(AvroMapping.action(t.action())).setSubjectFound(Boolean.TRUE.equals(t.subjectFound()))
                    .setSummary(t.summary() == null ? "" : t.summary()).setRecordsAffected(t.recordsAffected())
                    .setExportRef(t.exportRef()).setEvidence(t.evidence()).build();
            case ATTEMPT_FAILED -> TaskAttemptFailed.newBuilder().setEventId(e.eventId()).setRequestId(t.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(AvroMapping.actor(actor)).setTaskId(t.taskId()).setSystemId(t.systemId())
                    .setAttempt(t.runAttempts()).setReason(e.text()).setRetryAt(t.nextAttemptAt()).build();
            case FAILED_RETRIABLE, FAILED_PERMANENT -> TaskFailed.newBuilder().setEventId(e.eventId()).setRequestId(t.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(AvroMapping.actor(actor)).setTaskId(t.taskId()).setSystemId(t.systemId())
                    .setAction(AvroMapping.action(t.action())).setPermanent(e.kind() == TaskRecord.PendingEvent.Kind.FAILED_PERMANENT)
                    .setReason(e.text()).setAttempts(t.runAttempts()).build();
            case NEEDS_PERSON -> TaskNeedsPerson.newBuilder().setEventId(e.eventId()).setRequestId(t.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(AvroMapping.actor(actor)).setTaskId(t.taskId()).setSystemId(t.systemId())
                    .setAction(AvroMapping.action(t.action())).setInstructions(e.text()).build();
            case CANCELLED, NOT_CANCELLED -> TaskCancellationRecorded.newBuilder().setEventId(e.eventId()).setRequestId(t.requestId())
                    .setOccurredAt(e.occurredAt()).setActor(AvroMapping.actor(actor)).setTaskId(t.taskId()).setSystemId(t.systemId())
                    .setAction(AvroMapping.action(t.action())).setStopped(e.kind() == TaskRecord.PendingEvent.Kind.CANCELLED)
                    .setOutcome(e.text()).build();
        };
        Counter outcome = Counter.builder("rightsflow.task.outcomes")
                .description("Task outcomes published, by connector and outcome")
                .tag("connector", t.connector() == null ? "unknown" : t.connector())
                .tag("outcome", e.kind().name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
        return send(Topics.TASK_RESULTS, event).doOnSuccess(done -> outcome.increment());
    }

    @Override
    public Mono<Void> packageReady(String requestId, String packageId, List<String> systems, Instant expiresAt, String eventId, Instant at) {
        return send(Topics.TASK_RESULTS, AccessPackageReady.newBuilder().setEventId(eventId).setRequestId(requestId).setOccurredAt(at)
                .setActor(AvroMapping.actor(ActorRef.SERVICE)).setPackageId(packageId).setSystems(List.copyOf(systems))
                .setExpiresAt(expiresAt).build());
    }

    @Override
    public Mono<Void> packageDownloaded(String requestId, String packageId, String eventId, Instant at) {
        return send(Topics.TASK_RESULTS, AccessPackageDownloaded.newBuilder().setEventId(eventId).setRequestId(requestId).setOccurredAt(at)
                .setActor(AvroMapping.actor(ActorRef.citizen())).setPackageId(packageId).build());
    }

    @Override
    public Mono<Void> retryRequested(String requestId, String taskId, String commandEventId, ActorRef staff, Instant at) {
        return send(Topics.CASE_COMMANDS, RetryTask.newBuilder().setEventId(commandEventId).setRequestId(requestId).setOccurredAt(at)
                .setActor(AvroMapping.actor(staff)).setTaskId(taskId).build());
    }

    private Mono<Void> send(String topic, SpecificRecord event) {
        return Mono.fromFuture(() -> Eventing.publish(template, topic, event)).then();
    }
}
