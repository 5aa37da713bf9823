package dev.rightsflow.intake.opendsr.http;

import java.net.URI;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.opendsr.application.StatusCallbacks;
import dev.rightsflow.schemas.net.GuardedWebClients;
import dev.rightsflow.schemas.net.OutboundAddresses;
import dev.rightsflow.schemas.opendsr.OpenDsr;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * OpenDSR status callbacks over HTTP (OpenDSR 2.0 §8.6): POST of the callback body, with
 * {@code X-OpenDSR-Processor-Domain} and {@code X-OpenDSR-Signature} (this installation's X.509
 * signature of the exact body bytes) and their OpenGDPR names (§10.1). The URL is the submitter's
 * choice, so it passes {@link OutboundAddresses} first (after DNS resolution; internal addresses only
 * when {@code rightsflow.opendsr.allowed-outbound-hosts} lists the host), and the client connects only to
 * addresses checked again as it resolves them ({@link GuardedWebClients}: no DNS rebinding). Only a 2xx acknowledges;
 * the whole attempt, name resolution included, is bounded by {@code opendsr-callback-timeout}.
 */
public class WebClientStatusCallbacks implements StatusCallbacks {

    private final WebClient client;
    private final RequestIntakeProperties properties;
    private final OpenDsrSettings settings;
    private final OpenDsrSigner signer;

    public WebClientStatusCallbacks(RequestIntakeProperties properties, OpenDsrSettings settings,
            OpenDsrSigner intakeOpenDsrSigner) {
        this.properties = properties;
        this.settings = settings;
        this.signer = intakeOpenDsrSigner;
        this.client = GuardedWebClients.builder(settings::allowedOutboundHosts).build();
    }

    @Override
    public Mono<Void> send(String url, byte[] body) {
        URI target = URI.create(url);
        String signature = signer.sign(body);
        return Mono.fromRunnable(() -> OutboundAddresses.check(target, settings.allowedOutboundHosts()))
                .subscribeOn(Schedulers.boundedElastic())
                .then(client.post().uri(target).contentType(MediaType.APPLICATION_JSON)
                        .headers(h -> {
                            h.set(OpenDsr.DOMAIN_HEADER, signer.domain());
                            h.set(OpenDsr.SIGNATURE_HEADER, signature);
                            h.set(OpenDsr.LEGACY_DOMAIN_HEADER, signer.domain());
                            h.set(OpenDsr.LEGACY_SIGNATURE_HEADER, signature);
                        })
                        .bodyValue(body).retrieve().toBodilessEntity())
                .timeout(properties.opendsrCallbackTimeout())
                .then();
    }
}
