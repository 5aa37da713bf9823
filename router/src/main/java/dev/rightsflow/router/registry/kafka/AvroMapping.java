package dev.rightsflow.router.registry.kafka;

import java.util.List;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.model.Division;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.registry.model.Right;
import dev.rightsflow.router.registry.model.Verification;
import dev.rightsflow.schemas.avro.ActorType;
import dev.rightsflow.schemas.avro.ProcessorAuth;
import dev.rightsflow.schemas.avro.ConsentPurpose;
import dev.rightsflow.schemas.avro.ResponseTarget;
import dev.rightsflow.schemas.avro.RightPolicy;
import dev.rightsflow.schemas.avro.ServiceRef;
import dev.rightsflow.schemas.avro.TaskAction;
import dev.rightsflow.schemas.avro.VerificationMethod;

/**
 * Translates between the model's enums and records and the Avro contract (same names by design). It lives with the
 * Kafka adapters, which alone know the contract (the registry's {@code RegistryEvents}, the case's
 * {@code cases.kafka.CaseEventAvro}); no application class calls it.
 */
public final class AvroMapping {

    /** The regime name of an organisation's own target in {@code ResponseTarget}. */
    public static final String ORGANISATION_TARGET_REGIME = "UK_GDPR_ORGANISATION_TARGET";

    private AvroMapping() {
    }

    public static Right right(dev.rightsflow.schemas.avro.Right right) {
        return right == null || right == dev.rightsflow.schemas.avro.Right.UNKNOWN ? null : Right.valueOf(right.name());
    }

    public static dev.rightsflow.schemas.avro.Right right(Right right) {
        return dev.rightsflow.schemas.avro.Right.valueOf(right.name());
    }

    public static Verification verification(VerificationMethod method) {
        return method == null || method == VerificationMethod.UNKNOWN ? Verification.NONE
                : Verification.valueOf(method.name());
    }

    public static Division division(dev.rightsflow.schemas.avro.Division division) {
        return division == null || division == dev.rightsflow.schemas.avro.Division.UNKNOWN ? Division.ENGLAND_AND_WALES
                : Division.valueOf(division.name());
    }

    public static dev.rightsflow.schemas.avro.Division division(Division division) {
        return dev.rightsflow.schemas.avro.Division.valueOf(division.name());
    }

    public static TaskAction action(Action action) {
        return TaskAction.valueOf(action.name());
    }

    public static Action action(TaskAction action) {
        return action == null || action == TaskAction.UNKNOWN ? null : Action.valueOf(action.name());
    }

    public static List<ServiceRef> services(Organisation o) {
        return o.services().stream().map(s -> ServiceRef.newBuilder().setServiceId(s.id()).setName(s.name())
                .setControllerId(s.controllerId()).setProcessorIds(List.copyOf(s.processorIds())).build()).toList();
    }

    /**
     * Every right, with the verification the organisation asks for: a controller must take a
     * request for any of the seven rights (UK GDPR Arts 15-21, 7(3)); the registry's {@code rights}
     * list only names the rights that need identity verification, the others need none.
     */
    public static List<RightPolicy> rights(Organisation o) {
        return java.util.Arrays.stream(dev.rightsflow.router.registry.model.Right.values())
                .map(r -> RightPolicy.newBuilder().setRight(right(r))
                        .setVerification(VerificationMethod.valueOf(o.verificationFor(r).name())).build())
                .toList();
    }

    public static ProcessorAuth processorAuth(Organisation o) {
        return ProcessorAuth.valueOf(o.processorApi().auth().name());
    }

    public static List<ResponseTarget> targets(Organisation o) {
        if (o.targets().acknowledgeWorkingDays() == null && o.targets().respondWorkingDays() == null) {
            return List.of();
        }
        return List.of(ResponseTarget.newBuilder().setRegime(ORGANISATION_TARGET_REGIME)
                .setAcknowledgeWorkingDays(o.targets().acknowledgeWorkingDays())
                .setRespondWorkingDays(o.targets().respondWorkingDays()).build());
    }

    /** The organisation's catalogue of consent purposes, as intake and audit-log offer it (Art 7(3)). */
    public static List<ConsentPurpose> consentPurposes(Organisation o) {
        return o.consentPurposes().stream().map(p -> ConsentPurpose.newBuilder().setPurposeId(p.id())
                .setName(p.name()).setDescription(p.description()).build()).toList();
    }

    public static Actor actor(dev.rightsflow.schemas.avro.Actor a) {
        return a == null ? null : new Actor(Actor.Kind.valueOf(a.getType().name()), a.getId(), a.getOrganisationId());
    }

    public static dev.rightsflow.schemas.avro.Actor actor(Actor a) {
        return a == null ? null : new dev.rightsflow.schemas.avro.Actor(ActorType.valueOf(a.kind().name()), a.id(),
                a.organisationId());
    }
}
