package dev.rightsflow.connectors.tasks.mongo;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.nin;
import static com.mongodb.client.model.Filters.or;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;

import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.tasks.application.TaskStore;
import dev.rightsflow.connectors.tasks.model.ActorRef;
import dev.rightsflow.connectors.tasks.model.TaskRecord;
import dev.rightsflow.connectors.tasks.model.TaskStatus;
import dev.rightsflow.schemas.model.Action;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link TaskStore} on the collection {@code connectors_tasks}; {@code _id} is the task id.
 *
 * <p>Every query the runner repeats is served by an index, on MongoDB and on the in-process server
 * alike, so a sweep reads the tasks it is looking for and never the history: the open work carries
 * two fields that only open work has, and a task drops out of them when it settles.
 * <ul>
 *   <li>{@value #SWEEP_AT}: when the runner next has to look at the task (a runnable task's
 *       {@code nextAttemptAt}, a running task's {@code leaseUntil}, set by the claim too); absent
 *       for a task waiting for a person, completed, failed, cancelling or cancelled. The due sweep
 *       is a range on it.</li>
 *   <li>{@value #REMIND_AT}: a task waiting for a person, its next reminder; the reminder sweep is
 *       a range on it.</li>
 *   <li>{@code pendingEvent.occurredAt}: only a task whose result event Kafka has not acknowledged
 *       has it; the republishing sweep is a range on it.</li>
 * </ul>
 * The paused systems' runnable tasks are looked up per system and status (equality on a compound
 * index), the cancellations per status, a request's tasks by request id, a task by id (the claim's
 * and the version-conditioned replace's extra conditions are checked on that one document).
 */
public final class MongoTaskStore implements TaskStore {

    public static final String COLLECTION = "connectors_tasks";
    /** When the runner next looks at an open task; absent once nothing is left for the runner to do. */
    static final String SWEEP_AT = "sweepAt";
    /** When a task waiting for a person is next reminded; absent for every other task. */
    static final String REMIND_AT = "remindAt";
    private static final List<String> RUNNABLE = List.of(TaskStatus.PENDING.name(), TaskStatus.RETRY_SCHEDULED.name(),
            TaskStatus.WAITING_FOR_VENDOR.name());
    private final MongoCollection<Document> tasks;

    public MongoTaskStore(MongoDatabase database) {
        this.tasks = database.getCollection(COLLECTION);
    }

    public Mono<Void> createIndexes() {
        return Flux.concat(
                tasks.createIndex(Indexes.ascending(SWEEP_AT), new IndexOptions().sparse(true)),
                tasks.createIndex(Indexes.ascending(REMIND_AT), new IndexOptions().sparse(true)),
                tasks.createIndex(Indexes.ascending("pendingEvent.occurredAt"), new IndexOptions().sparse(true)),
                tasks.createIndex(Indexes.ascending("status")),
                tasks.createIndex(Indexes.ascending("systemId", "status")),
                tasks.createIndex(Indexes.ascending("requestId"))).then();
    }

    @Override
    public Mono<Boolean> insertIfAbsent(TaskRecord task) {
        return Mono.from(tasks.insertOne(toDocument(task))).thenReturn(true)
                .onErrorResume(MongoWriteException.class, e -> e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? Mono.just(false) : Mono.error(e));
    }

    /**
     * One {@code _id $in} read (served by the {@code _id} index) of the batch's ids, then one unordered bulk
     * insert of the tasks not found; a duplicate key there (stored meanwhile) means already there.
     */
    @Override
    public Mono<Set<String>> insertAll(List<TaskRecord> batch) {
        Map<String, TaskRecord> firstOfEach = new LinkedHashMap<>();
        batch.forEach(t -> firstOfEach.putIfAbsent(t.taskId(), t));
        return Flux.from(tasks.find(in("_id", firstOfEach.keySet())).projection(new Document("_id", 1)))
                .map(d -> d.getString("_id")).collectList().flatMap(stored -> {
                    stored.forEach(firstOfEach::remove);
                    List<TaskRecord> fresh = List.copyOf(firstOfEach.values());
                    if (fresh.isEmpty()) {
                        return Mono.just(Set.<String>of());
                    }
                    List<InsertOneModel<Document>> inserts = fresh.stream().map(t -> new InsertOneModel<>(toDocument(t))).toList();
                    Set<String> inserted = new LinkedHashSet<>(firstOfEach.keySet());
                    return Mono.from(tasks.bulkWrite(inserts, new BulkWriteOptions().ordered(false))).thenReturn(inserted)
                            .onErrorResume(MongoBulkWriteException.class, e -> {
                                for (BulkWriteError error : e.getWriteErrors()) {
                                    if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                                        return Mono.error(e);
                                    }
                                    inserted.remove(fresh.get(error.getIndex()).taskId());
                                }
                                return e.getWriteConcernError() == null ? Mono.just(inserted) : Mono.error(e);
                            });
                });
    }

    /** {@code _id $in}: served by the {@code _id} index. */
    @Override
    public Mono<Map<String, TaskRecord>> findAll(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(tasks.find(in("_id", new LinkedHashSet<>(taskIds)))).map(MongoTaskStore::fromDocument)
                .collectMap(TaskRecord::taskId, t -> t, LinkedHashMap::new);
    }

    /** One unordered bulk write of replacements, each on {@code _id} and the version read (the {@code _id} index serves it). */
    @Override
    public Mono<Integer> replaceAll(Collection<Versioned> writes) {
        if (writes.isEmpty()) {
            return Mono.just(0);
        }
        List<ReplaceOneModel<Document>> replaces = writes.stream().map(w -> new ReplaceOneModel<>(
                and(eq("_id", w.next().taskId()), eq("version", w.readVersion())), toDocument(w.next()))).toList();
        return Mono.from(tasks.bulkWrite(replaces, new BulkWriteOptions().ordered(false))).map(r -> r.getMatchedCount());
    }

    @Override
    public Mono<TaskRecord> find(String taskId) {
        return Mono.from(tasks.find(eq("_id", taskId)).first()).map(MongoTaskStore::fromDocument);
    }

    @Override
    public Mono<TaskRecord> claim(String taskId, Instant now, Instant leaseUntil) {
        Bson due = or(and(in("status", RUNNABLE), lte("nextAttemptAt", Date.from(now))),
                and(eq("status", TaskStatus.RUNNING.name()), lt("leaseUntil", Date.from(now))));
        return Mono.from(tasks.findOneAndUpdate(and(eq("_id", taskId), due),
                Updates.combine(Updates.set("status", TaskStatus.RUNNING.name()), Updates.set("leaseUntil", Date.from(leaseUntil)),
                        Updates.set(SWEEP_AT, Date.from(leaseUntil)),
                        Updates.set("updatedAt", Date.from(now)), Updates.inc("attempts", 1), Updates.inc("runAttempts", 1),
                        Updates.inc("version", 1L)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(MongoTaskStore::fromDocument);
    }

    @Override
    public Mono<Boolean> replace(TaskRecord next) {
        return Mono.from(tasks.replaceOne(and(eq("_id", next.taskId()), eq("version", next.version() - 1)), toDocument(next)))
                .map(result -> result.getMatchedCount() == 1);
    }

    /**
     * One update addressed by {@code _id} (the in-process server narrows to the one task by its {@code _id} index, then
     * checks the event id): no read of the task and no rewrite of all its fields, as an acknowledgement was before.
     */
    @Override
    public Mono<Boolean> acknowledge(String taskId, String eventId) {
        return Mono.from(tasks.updateOne(and(eq("_id", taskId), eq("pendingEvent.eventId", eventId)),
                Updates.combine(Updates.set("pendingEvent", null), Updates.inc("version", 1L))))
                .map(result -> result.getMatchedCount() == 1);
    }

    @Override
    public Mono<Void> put(TaskRecord task) {
        return Mono.from(tasks.replaceOne(eq("_id", task.taskId()), toDocument(task), new ReplaceOptions().upsert(true))).then();
    }

    @Override
    public Flux<TaskRecord> due(Instant now, int limit, Set<String> exceptSystems) {
        // the range on sweepAt picks the candidates (the index); the conditions of a claim decide
        Bson due = and(lte(SWEEP_AT, Date.from(now)), or(and(in("status", RUNNABLE), lte("nextAttemptAt", Date.from(now))),
                and(eq("status", TaskStatus.RUNNING.name()), lt("leaseUntil", Date.from(now)))));
        // no sort in the query: the range on sweepAt is read in the index's order (earliest first, on MongoDB and on the
        // in-process server), so the first `limit` that match are the earliest due, read and no more. A sort there made
        // the in-process server read and sort every due task, whole, on every sweep: 91,704 of them, most of a 1 GiB heap,
        // under a 90,000-request burst (a heap dump). The batch is put in nextAttemptAt order here.
        return Flux.from(tasks.find(exceptSystems.isEmpty() ? due : and(due, nin("systemId", exceptSystems))).limit(limit))
                .map(MongoTaskStore::fromDocument)
                .collectSortedList(java.util.Comparator.comparing(TaskRecord::nextAttemptAt,
                        java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())))
                .flatMapIterable(batch -> batch);
    }

    @Override
    public Flux<TaskRecord> runnableOf(Set<String> systems) {
        // one equality look-up per system and runnable status: the in-process server's indexes answer no $in
        return Flux.fromIterable(new java.util.TreeSet<>(systems))
                .concatMap(system -> Flux.fromIterable(RUNNABLE)
                        .concatMap(status -> tasks.find(and(eq("systemId", system), eq("status", status)))))
                .map(MongoTaskStore::fromDocument);
    }

    @Override
    public Flux<TaskRecord> remindersDue(Instant now, int limit) {
        // a batch, not every due reminder: the in-process server builds a query's whole result before its first batch,
        // so a day's reminders for a burst of manual tasks would all be held in it, whole (as the due sweep's were)
        return Flux.from(tasks.find(and(lte(REMIND_AT, Date.from(now)), eq("status", TaskStatus.NEEDS_PERSON.name())))
                        .limit(limit))
                .map(MongoTaskStore::fromDocument);
    }

    @Override
    public Flux<TaskRecord> unpublished(Instant before, int limit) {
        return Flux.from(tasks.find(and(ne("pendingEvent", null), lt("pendingEvent.occurredAt", Date.from(before))))
                        .limit(limit))
                .map(MongoTaskStore::fromDocument);
    }

    @Override
    public Flux<TaskRecord> byStatus(TaskStatus status) {
        return Flux.from(tasks.find(eq("status", status.name())).sort(Sorts.ascending("updatedAt"))).map(MongoTaskStore::fromDocument);
    }

    @Override
    public Mono<Long> erasePersonalData(String requestId) {
        return Mono.from(tasks.updateMany(eq("requestId", requestId), Updates.combine(
                Updates.set("subject", subject(new TaskSubject("", "", null, null, Map.of()))),
                Updates.set("details", details(TaskDetails.none()))))).map(r -> r.getModifiedCount());
    }

    @Override
    public Flux<TaskRecord> byRequest(String requestId) {
        return Flux.from(tasks.find(eq("requestId", requestId))).map(MongoTaskStore::fromDocument);
    }

    @Override
    public Mono<Long> count() {
        return Mono.from(tasks.countDocuments());
    }

    @Override
    public Mono<Void> deleteAll() {
        return Mono.from(tasks.deleteMany(new Document())).then();
    }

    // ---- mapping

    static Document toDocument(TaskRecord t) {
        Document d = new Document("_id", t.taskId())
                .append("requestId", t.requestId()).append("controllerId", t.controllerId()).append("systemId", t.systemId())
                .append("connector", t.connector()).append("action", t.action().name()).append("right", t.right())
                .append("config", new Document(new LinkedHashMap<>(t.config())))
                .append("subject", subject(t.subject())).append("details", details(t.details()))
                .append("dataCategories", t.dataCategories())
                .append("deadline", t.deadline() == null ? null : t.deadline().toString())
                .append("dispatchedAt", date(t.dispatchedAt()))
                .append("status", t.status().name()).append("attempts", t.attempts()).append("run", t.run())
                .append("runAttempts", t.runAttempts()).append("version", t.version())
                .append("nextAttemptAt", date(t.nextAttemptAt())).append("leaseUntil", date(t.leaseUntil()))
                .append("lastReason", t.lastReason()).append("subjectFound", t.subjectFound()).append("summary", t.summary())
                .append("recordsAffected", t.recordsAffected()).append("exportRef", t.exportRef()).append("evidence", t.evidence())
                .append("closedBy", t.closedBy() == null ? null : new Document("type", t.closedBy().type()).append("id", t.closedBy().id())
                        .append("organisationId", t.closedBy().organisationId()))
                .append("nextReminderAt", date(t.nextReminderAt())).append("reminders", t.reminders())
                .append("updatedAt", date(t.updatedAt()))
                .append("appliedCommands", t.appliedCommands())
                .append("runStartedAt", date(t.runStartedAt()))
                .append("lastSafeDispatch", t.lastSafeDispatch() == null ? null : t.lastSafeDispatch().toString());
        Instant sweepAt = sweepAt(t);
        if (sweepAt != null) {
            d.append(SWEEP_AT, Date.from(sweepAt));
        }
        if (t.status() == TaskStatus.NEEDS_PERSON && t.nextReminderAt() != null) {
            d.append(REMIND_AT, Date.from(t.nextReminderAt()));
        }
        if (t.pendingEvent() != null) {
            d.append("pendingEvent", new Document("kind", t.pendingEvent().kind().name()).append("eventId", t.pendingEvent().eventId())
                    .append("occurredAt", date(t.pendingEvent().occurredAt())).append("text", t.pendingEvent().text()));
        } else {
            d.append("pendingEvent", null);
        }
        return d;
    }

    /** When the runner next has to look at the task; null when nothing is left for it to do (see the class comment). */
    static Instant sweepAt(TaskRecord t) {
        return switch (t.status()) {
            case PENDING, RETRY_SCHEDULED, WAITING_FOR_VENDOR -> t.nextAttemptAt();
            case RUNNING -> t.leaseUntil();
            default -> null;
        };
    }

    static TaskRecord fromDocument(Document d) {
        Document closedBy = d.get("closedBy", Document.class);
        Document pending = d.get("pendingEvent", Document.class);
        Document config = d.get("config", Document.class);
        Map<String, String> configMap = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((k, v) -> configMap.put(k, String.valueOf(v)));
        }
        String deadline = d.getString("deadline");
        return new TaskRecord(d.getString("_id"), d.getString("requestId"), d.getString("controllerId"), d.getString("systemId"),
                d.getString("connector"), Action.valueOf(d.getString("action")), d.getString("right"), configMap,
                subject(d.get("subject", Document.class)), details(d.get("details", Document.class)),
                d.getList("dataCategories", String.class, List.of()), deadline == null ? null : LocalDate.parse(deadline),
                instant(d.getDate("dispatchedAt")), TaskStatus.valueOf(d.getString("status")), d.getInteger("attempts", 0),
                d.getInteger("run", 1), d.getInteger("runAttempts", 0), ((Number) d.get("version", 0L)).longValue(),
                instant(d.getDate("nextAttemptAt")), instant(d.getDate("leaseUntil")), d.getString("lastReason"),
                d.getBoolean("subjectFound"), d.getString("summary"), d.getInteger("recordsAffected"), d.getString("exportRef"),
                d.getString("evidence"),
                closedBy == null ? null : new ActorRef(closedBy.getString("type"), closedBy.getString("id"), closedBy.getString("organisationId")),
                instant(d.getDate("nextReminderAt")), d.getInteger("reminders", 0),
                pending == null ? null : new TaskRecord.PendingEvent(TaskRecord.PendingEvent.Kind.valueOf(pending.getString("kind")),
                        pending.getString("eventId"), instant(pending.getDate("occurredAt")), pending.getString("text")),
                instant(d.getDate("updatedAt")), d.getList("appliedCommands", String.class, List.of()),
                instant(d.getDate("runStartedAt")), d.getString("lastSafeDispatch") == null ? null : LocalDate.parse(d.getString("lastSafeDispatch")));
    }

    private static Document subject(TaskSubject s) {
        return new Document("name", s.name()).append("email", s.email()).append("phone", s.phone())
                .append("postalAddress", s.postalAddress()).append("identifiers", new Document(new LinkedHashMap<>(s.identifiers())));
    }

    private static TaskSubject subject(Document d) {
        Map<String, String> ids = new LinkedHashMap<>();
        Document identifiers = d.get("identifiers", Document.class);
        if (identifiers != null) {
            identifiers.forEach((k, v) -> ids.put(k, String.valueOf(v)));
        }
        return new TaskSubject(d.getString("name"), d.getString("email"), d.getString("phone"), d.getString("postalAddress"), ids);
    }

    private static Document details(TaskDetails t) {
        return new Document("rectificationWhatIsWrong", t.rectificationWhatIsWrong())
                .append("rectificationCorrection", t.rectificationCorrection()).append("restrictionGround", t.restrictionGround())
                .append("directMarketingObjection", t.directMarketingObjection()).append("consentPurposes", t.consentPurposes());
    }

    private static TaskDetails details(Document d) {
        if (d == null) {
            return TaskDetails.none();
        }
        return new TaskDetails(d.getString("rectificationWhatIsWrong"), d.getString("rectificationCorrection"),
                d.getString("restrictionGround"), d.getBoolean("directMarketingObjection", false),
                new ArrayList<>(d.getList("consentPurposes", String.class, List.of())));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
