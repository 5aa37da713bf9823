package dev.rightsflow.router.webhooks.application;

import java.time.Clock;
import java.util.Optional;

import dev.rightsflow.router.cases.application.CaseStore;
import dev.rightsflow.router.events.application.EventPublisher;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.registry.application.SecretResolver;
import dev.rightsflow.router.cases.model.CaseCommand;
import dev.rightsflow.router.cases.model.CaseState;
import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.router.webhooks.model.WebhookSignature;
import dev.rightsflow.schemas.Events;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The answers of organisations' pre-approval webhooks. As in Fides, the webhook is told of a new request and
 * answers later, by calling one of the two reply-to URLs it was given ({@code .../eligible},
 * {@code .../not-eligible}); here the answer is signed with the same Standard Webhooks scheme and secret as the
 * message it answers (Fides uses a reply token instead). A valid answer becomes the staff command it stands for,
 * {@code AcceptRequest} or {@code RefuseRequest} (ground: the pre-approval webhook; reason: the system's), on the
 * case-commands topic, with the organisation's pre-approval webhook as the actor: the router decides it like any
 * command (its outcome is audited) and, accepted, plans and dispatches the tasks. Without an answer nothing
 * happens: the case waits for staff (never approved silently).
 */
public final class PreApprovals {

    /** The ground of a refusal by a pre-approval webhook. */
    public static final String REFUSAL_GROUND = "refused by the organisation's pre-approval webhook";
    private static final int MAX_REASON = 1000;

    /** What became of an answer. */
    public sealed interface Outcome {
        /** Taken: the command was published. */
        record Taken(String requestId, boolean eligible) implements Outcome {
        }

        /** No such request, or its organisation has no pre-approval webhook. */
        record Unknown(String detail) implements Outcome {
        }

        /** The signature or its timestamp does not verify. */
        record Unsigned(String detail) implements Outcome {
        }

        /** The case no longer waits for an answer (decided, refused or closed). */
        record Decided(String detail) implements Outcome {
        }

        /** The body is not what the answer needs. */
        record Invalid(String detail) implements Outcome {
        }
    }

    /** The signature headers of an answer, as received. */
    public record Signed(String id, String timestamp, String signature) {
    }

    private final CaseStore cases;
    private final RegistryService registry;
    private final SecretResolver secrets;
    private final EventPublisher<CaseCommand> publisher;
    private final JsonMapper json;
    private final Clock clock;

    public PreApprovals(CaseStore cases, RegistryService registry, SecretResolver secrets, EventPublisher<CaseCommand> publisher,
            JsonMapper json, Clock clock) {
        this.cases = cases;
        this.registry = registry;
        this.secrets = secrets;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    /**
     * @param body the raw body, as signed: {@code {"reason": "..."}} (required when not eligible)
     */
    public Outcome answer(String requestId, boolean eligible, Signed signed, String body) {
        Optional<CaseState> found = cases.load(requestId).map(CaseStore.StoredCase::state);
        Optional<Organisation> controller = found.flatMap(c -> registry.current().organisation(c.controllerId))
                .filter(Organisation::preApprovalRequired);
        if (controller.isEmpty()) {
            return new Outcome.Unknown("no request " + requestId + " awaits a pre-approval webhook's answer");
        }
        Organisation org = controller.get();
        Optional<String> secret = secrets.secret(org.webhooks().preApproval().secretRef());
        String raw = body == null ? "" : body;
        if (secret.isEmpty() || !WebhookSignature.verify(secret.get(), signed.id(), signed.timestamp(), raw,
                signed.signature(), clock.instant())) {
            return new Outcome.Unsigned("the answer must carry webhook-id, webhook-timestamp (within 5 minutes) and a"
                    + " webhook-signature made with the pre-approval webhook's secret");
        }
        String reason = null;
        if (!raw.isBlank()) {
            try {
                JsonNode node = json.readTree(raw);
                reason = node.path("reason").isString() ? node.path("reason").asString().strip() : null;
            } catch (JacksonException e) {
                return new Outcome.Invalid("the body must be JSON: {\"reason\": \"...\"}");
            }
        }
        if (!eligible && (reason == null || reason.isEmpty() || reason.length() > MAX_REASON)) {
            return new Outcome.Invalid("a refusal needs a reason (1 to " + MAX_REASON + " characters): {\"reason\": \"...\"}");
        }
        CaseState c = found.get();
        if (!c.opened() || c.accepted() || c.refusalGround() != null || c.finished()) {
            return new Outcome.Decided("the request is no longer waiting for pre-approval (status " + c.status() + ")");
        }
        Actor actor = new Actor(Actor.Kind.SYSTEM, "pre-approval-webhook:" + org.id(), org.id());
        String eventId = Events.derivedId("pre-approval", requestId, eligible ? "eligible" : "not-eligible");
        publisher.publish(eligible
                ? new CaseCommand.AcceptRequest(eventId, requestId, clock.instant(), actor)
                : new CaseCommand.RefuseRequest(eventId, requestId, clock.instant(), actor, REFUSAL_GROUND, reason));
        return new Outcome.Taken(requestId, eligible);
    }
}
