package dev.rightsflow.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

import dev.rightsflow.schemas.avro.*;

/**
 * Every event and command of the flow, with every released version of its schema.
 *
 * <p>Released versions live as resources at {@code avro-released/<full name>/v<N>.avsc}, outside
 * {@code src/main/avro}, because the same full name twice breaks code generation. How to release
 * a version: see {@link SchemaRelease} and schemas/README.md.
 */
public final class EventCatalog {

    /** The top-level records that travel on topics. Add a new event here and release it. */
    public static final List<Class<? extends SpecificRecord>> TYPES = List.of(
            RequestReceived.class, IdentityVerificationRequested.class, IdentityVerified.class,
            ControllerResolved.class, TriageRequired.class, RequestForwarded.class, CaseOpened.class,
            RequestAccepted.class, RequestRefused.class, ClockPaused.class, ClockResumed.class,
            DeadlineExtended.class, CasePlanned.class, CaseReadyToAnswer.class, CaseClosed.class,
            DeadlineAlertRaised.class, TaskDispatched.class, TaskAttemptFailed.class, TaskCompleted.class,
            TaskFailed.class, TaskNeedsPerson.class, AccessPackageReady.class, AccessPackageDownloaded.class,
            AuditEntryAppended.class, OrganisationPublished.class,
            AcceptRequest.class, RefuseRequest.class, AskClarification.class, RecordClarificationReceived.class,
            ExtendDeadline.class, ConfirmManualTask.class, ResolveTriage.class, RetryTask.class,
            ConfirmIdentity.class, CloseCase.class, CommandRejected.class, LanePaused.class, LaneResumed.class,
            PersonalDataErased.class, ExternalCancellationRecorded.class, TaskCancelled.class,
            TaskCancellationRecorded.class, WebhookAttempted.class);

    public static final String RELEASED_ROOT = "avro-released/";

    private static final Map<String, Class<? extends SpecificRecord>> BY_NAME = new LinkedHashMap<>();

    static {
        for (Class<? extends SpecificRecord> type : TYPES) {
            BY_NAME.put(currentSchema(type).getFullName(), type);
        }
    }

    private EventCatalog() {
    }

    public static Schema currentSchema(Class<? extends SpecificRecord> type) {
        return SpecificData.get().getSchema(type);
    }

    public static Optional<Class<? extends SpecificRecord>> typeOf(String fullName) {
        return Optional.ofNullable(BY_NAME.get(fullName));
    }

    /**
     * Released versions of a record's schema, oldest first; empty when never released. Read and parsed once per
     * JVM: every serde asks for all of them, and each look-up of a version that does not exist searches every jar
     * on the class path (8 % of the standalone's start-up on its main thread, profiled).
     */
    public static List<Schema> releasedVersions(Class<? extends SpecificRecord> type) {
        return RELEASED.computeIfAbsent(type, EventCatalog::readReleasedVersions);
    }

    private static final Map<Class<? extends SpecificRecord>, List<Schema>> RELEASED =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Schema> readReleasedVersions(Class<? extends SpecificRecord> type) {
        String fullName = currentSchema(type).getFullName();
        List<Schema> versions = new ArrayList<>();
        for (int v = 1; ; v++) {
            String path = RELEASED_ROOT + fullName + "/v" + v + ".avsc";
            try (InputStream in = EventCatalog.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    return Collections.unmodifiableList(versions);
                }
                versions.add(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read released schema " + path, e);
            }
        }
    }
}
