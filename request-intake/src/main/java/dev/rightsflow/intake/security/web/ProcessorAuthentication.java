package dev.rightsflow.intake.security.web;

import dev.rightsflow.intake.shared.web.IntakeProblem;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.security.application.ReplayGuard;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.registry.model.ProcessorAuthMethod;
import dev.rightsflow.intake.security.model.ProcessorSignature;
import dev.rightsflow.schemas.secrets.Secrets;
import reactor.core.publisher.Mono;

/**
 * Authenticates a processor organisation on the processor API and the OpenDSR API (for intake's Spring Security
 * chains, {@link IntakeSecurity}), by the method its registry entry
 * names: an HMAC-SHA256 signature over timestamp and raw body ({@link ProcessorSignature}), fresh
 * and never seen before, or a bearer key. The secret is the one its registry entry names
 * ({@code processorApi.secretRef}, the same name the router uses), resolved by the one rule of
 * {@link Secrets}; the old {@code rightsflow.intake.processor-secrets.<organisationId>} still answers for one release,
 * with a deprecation warning. Any failure is 401, before anything is written.
 */
@Component
public class ProcessorAuthentication {

    public static final String ORGANISATION_HEADER = "X-Rightsflow-Organisation";
    public static final String TIMESTAMP_HEADER = "X-Rightsflow-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Rightsflow-Signature";

    private final RegistryView registry;
    private final ReplayGuard replays;
    private final RequestIntakeProperties properties;
    private final Secrets secrets;
    private final Clock clock;

    public ProcessorAuthentication(RegistryView registry, ReplayGuard replays, RequestIntakeProperties properties,
            @Qualifier("intakeSecrets") Secrets secrets, @Qualifier("intakeClock") Clock intakeClock) {
        this.registry = registry;
        this.replays = replays;
        this.properties = properties;
        this.secrets = secrets;
        this.clock = intakeClock;
    }

    /** @return the authenticated organisation id; a signature seen before is refused */
    public Mono<String> authenticate(ServerHttpRequest request, byte[] rawBody) {
        return authenticate(request, rawBody, true);
    }

    /**
     * @param rejectReplays false for reads, where repeating a signed call is harmless
     * @return the authenticated organisation id
     */
    public Mono<String> authenticate(ServerHttpRequest request, byte[] rawBody, boolean rejectReplays) {
        String organisationId = request.getHeaders().getFirst(ORGANISATION_HEADER);
        if (organisationId == null || organisationId.isBlank()) {
            return Mono.error(IntakeProblem.unauthorised("Name your organisation in the " + ORGANISATION_HEADER + " header."));
        }
        return registry.find(organisationId).flatMap(found -> {
            String secret = found.isEmpty() ? null : secret(found.get()).orElse(null);
            if (found.isEmpty() || secret == null || found.get().processorAuth() == ProcessorAuthMethod.NONE) {
                return Mono.error(IntakeProblem.unauthorised("This organisation has no processor credentials."));
            }
            if (found.get().processorAuth() == ProcessorAuthMethod.BEARER) {
                String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
                String presented = authorization != null && authorization.startsWith("Bearer ")
                        ? authorization.substring(7).trim() : null;
                return ProcessorSignature.bearerMatches(secret, presented) ? Mono.just(organisationId)
                        : Mono.error(IntakeProblem.unauthorised("Missing or wrong bearer key."));
            }
            String signature = request.getHeaders().getFirst(SIGNATURE_HEADER);
            ProcessorSignature.Verdict verdict = ProcessorSignature.verify(secret, request.getHeaders().getFirst(TIMESTAMP_HEADER),
                    signature, rawBody, clock.instant(), properties.signatureTolerance());
            if (verdict != ProcessorSignature.Verdict.VALID) {
                return Mono.error(IntakeProblem.unauthorised(switch (verdict) {
                    case STALE -> "The signed timestamp is too old or in the future.";
                    case MISSING -> "Sign the request: " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " headers.";
                    default -> "The signature does not match the body.";
                }));
            }
            if (!rejectReplays) {
                return Mono.just(organisationId);
            }
            return replays.firstUse(organisationId, signature, clock.instant().plus(properties.signatureTolerance().multipliedBy(2)))
                    .flatMap(first -> first ? Mono.just(organisationId)
                            : Mono.error(IntakeProblem.unauthorised("This signed request was already received (replay).")));
        });
    }

    private Optional<String> secret(Organisation organisation) {
        return secrets.find(organisation.processorSecretRef(), List.of(new Secrets.Legacy(
                "the property rightsflow.intake.processor-secrets." + organisation.id(),
                ref -> properties.processorSecrets().get(organisation.id()))));
    }
}
