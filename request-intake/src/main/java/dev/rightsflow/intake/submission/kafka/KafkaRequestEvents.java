package dev.rightsflow.intake.submission.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import dev.rightsflow.intake.request.application.RequestEvents;
import dev.rightsflow.intake.verification.application.VerifyIdentity;
import dev.rightsflow.intake.request.model.AcceptedRequest;
import dev.rightsflow.intake.request.model.Verification;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Actor;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.ForwardingHop;
import dev.rightsflow.schemas.avro.IdentityVerificationRequested;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightDetails;
import dev.rightsflow.schemas.avro.Subject;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.kafka.Eventing;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.privacy.KafkaKeyStore;
import dev.rightsflow.schemas.privacy.KeyStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes intake's events on {@link Topics#REQUESTS}, keyed by request id, and completes only
 * when the broker acknowledged ({@code acks=all}). Event ids are derived from the request id, so
 * a publish retried after a lost acknowledgement is recognisably the same event downstream.
 * A request whose id was made at random (no Idempotency-Key) gets its data key without the key store's look for
 * an existing one ({@link KeyStore#newKeyFor}); the send, which seals the personal data and may wait for that key's
 * acknowledgement, runs off the caller's event loop. Each request the broker acknowledged counts in {@code rightsflow.requests.received}, tagged with
 * its {@code right} and {@code channel} (lower case, as in the API).
 */
public class KafkaRequestEvents implements RequestEvents {

    public static final String SERVICE = "request-intake";
    private static final Logger log = LoggerFactory.getLogger(KafkaRequestEvents.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);
    /** Reactor's bounded elastic threads, handed work that nothing disposes: a cancel never interrupts it. */
    private static final Executor OFF_THE_CALLERS_THREAD = work -> Schedulers.boundedElastic().schedule(work);

    private final KafkaTemplate<String, Object> template;
    private final MeterRegistry meters;
    private final KeyStore keys;

    public KafkaRequestEvents(KafkaTemplate<String, Object> template,
            ObjectProvider<MeterRegistry> meters, KafkaSettings kafka) {
        this(template, meters.getIfAvailable(() -> Metrics.globalRegistry), KafkaKeyStore.shared(kafka));
    }

    /** With the data keys of {@code keys}, which must be the store the template's serializer seals with. */
    KafkaRequestEvents(KafkaTemplate<String, Object> template, MeterRegistry meters, KeyStore keys) {
        this.template = template;
        this.meters = meters;
        this.keys = keys;
    }

    @Override
    public Mono<Void> received(AcceptedRequest r) {
        var s = r.submission();
        var d = s.details();
        RightDetails details = RightDetails.newBuilder()
                .setDescription(d.description())
                .setRectificationWhatIsWrong(d.rectificationWhatIsWrong())
                .setRectificationCorrection(d.rectificationCorrection())
                .setRestrictionGround(d.restrictionGround() == null ? null : d.restrictionGround().name())
                .setObjectionProcessing(d.objectionProcessing())
                .setObjectionDirectMarketing(d.objectionDirectMarketing())
                .setPortabilityTargetController(d.portabilityTargetController())
                .setConsentPurposes(new java.util.ArrayList<>(d.consentPurposes()))
                .build();
        Subject subject = Subject.newBuilder()
                .setName(s.subject().name())
                .setEmail(s.subject().email())
                .setPhone(s.subject().phone())
                .setPostalAddress(s.subject().postalAddress())
                .setIdentifiers(new HashMap<>(s.subject().identifiers()))
                .build();
        String staffPrefix = SubmitRequest.Origin.STAFF_ACTOR;
        Actor actor = r.actorId() != null && r.actorId().startsWith(staffPrefix)
                ? Events.staff(r.actorId().substring(staffPrefix.length()), s.organisationId())
                : r.forwarding() != null
                ? new Actor(ActorType.PROCESSOR, r.forwarding().fromOrganisationId(), r.forwarding().fromOrganisationId())
                : r.channel() == dev.rightsflow.intake.request.model.Channel.OPENDSR
                        ? new Actor(ActorType.SYSTEM, r.actorId(), r.actorId())
                        : new Actor(ActorType.CITIZEN, r.actorId(), null);
        RequestReceived event = RequestReceived.newBuilder()
                .setEventId(Events.derivedId("request-received", r.requestId()))
                .setRequestId(r.requestId())
                .setOccurredAt(r.occurredAt())
                .setActor(actor)
                .setRight(s.right() == null ? Right.UNKNOWN : Right.valueOf(s.right().name()))
                .setChannel(Channel.valueOf(r.channel().name()))
                .setSubject(subject)
                .setOrganisationId(s.organisationId())
                .setServiceId(s.serviceId())
                .setRelationship(s.relationship())
                .setDetails(details)
                .setReceivedAt(r.receivedAt())
                .setForwardedBy(r.forwarding() == null ? null : ForwardingHop.newBuilder()
                        .setFromOrganisationId(r.forwarding().fromOrganisationId())
                        .setToOrganisationId(r.forwarding().toOrganisationId())
                        .setReference(r.forwarding().reference())
                        .setReceivedAt(r.forwarding().receivedAt())
                        .build())
                .setVerification(VerificationMethod.valueOf(r.verification().name()))
                .setProvisionalDeadline(r.provisionalDeadline())
                .setDuplicateOf(r.duplicateOf())
                .setStatusTokenHash(r.statusTokenHash())
                .build();
        Counter received = Counter.builder("rightsflow.requests.received")
                .description("Rights requests accepted and published, by right and channel")
                .tag("right", (s.right() == null ? Right.UNKNOWN.name() : s.right().name()).toLowerCase(java.util.Locale.ROOT))
                .tag("channel", r.channel().name().toLowerCase(java.util.Locale.ROOT))
                .register(meters);
        // a request id made at random a moment ago has no data key anywhere: made without looking for one first
        return publish(event, !SubmitRequest.keyed(r.requestId())).doOnSuccess(done -> received.increment());
    }

    @Override
    public Mono<Void> verificationRequested(String requestId, Verification method, Instant at) {
        return publish(IdentityVerificationRequested.newBuilder()
                .setEventId(Events.derivedId("verification-requested", requestId))
                .setRequestId(requestId)
                .setOccurredAt(at)
                .setActor(Events.service(SERVICE))
                .setMethod(VerificationMethod.valueOf(method.name()))
                .build());
    }

    @Override
    public Mono<Void> identityVerified(String requestId, Verification method, Instant verifiedAt, String evidence,
            boolean byStaff, String actorId, String actorOrganisationId) {
        return publish(IdentityVerified.newBuilder()
                .setEventId(VerifyIdentity.identityVerifiedEventId(requestId))
                .setRequestId(requestId)
                .setOccurredAt(verifiedAt)
                .setActor(byStaff ? Events.staff(actorId, actorOrganisationId) : new Actor(ActorType.CITIZEN, actorId, null))
                .setMethod(VerificationMethod.valueOf(method.name()))
                .setVerifiedAt(verifiedAt)
                .setEvidence(evidence)
                .build());
    }

    private Mono<Void> publish(SpecificRecord event) {
        return publish(event, false);
    }

    private Mono<Void> publish(SpecificRecord event, boolean newRequest) {
        // Sealing the personal data waits while a new data key is acknowledged: not on the calling thread, which is
        // the MongoDB driver's event loop (after the duplicate check) or the web server's. A publish not yet begun
        // when its subscriber goes away (a client whose connection was cut, the timeout below) never begins; one
        // begun runs to its end. Before, a cancelled subscribeOn interrupted the thread storing the data key or
        // sending, which left a key without its event and logged the interruption as an error Reactor dropped; the
        // client retries with its Idempotency-Key and finds the request (issue 9). The cancel completes only the
        // answer (a CompletableFuture's cancel interrupts nothing); a publish that fails after it is logged here.
        return Mono.fromFuture(() -> {
                    CompletableFuture<SendResult<String, Object>> answer = new CompletableFuture<>();
                    OFF_THE_CALLERS_THREAD.execute(() -> {
                        if (answer.isCancelled()) {
                            return; // gone before it began: nothing stored, nothing sent
                        }
                        try {
                            if (newRequest) {
                                keys.newKeyFor(Events.requestId(event));
                            }
                            Eventing.publish(template, Topics.REQUESTS, event).whenComplete((sent, failure) -> {
                                if (failure == null) {
                                    answer.complete(sent);
                                } else {
                                    failed(answer, event, failure);
                                }
                            });
                        } catch (RuntimeException failure) {
                            failed(answer, event, failure);
                        }
                    });
                    return answer;
                })
                .timeout(ACK_TIMEOUT)
                .onErrorMap(e -> !(e instanceof BrokerUnavailableException), BrokerUnavailableException::new)
                .then();
    }

    private static void failed(CompletableFuture<?> answer, SpecificRecord event, Throwable failure) {
        if (!answer.completeExceptionally(failure)) {
            log.warn("a {} was not published after its caller had gone: {}", event.getSchema().getName(), failure.toString());
        }
    }
}
