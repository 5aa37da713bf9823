package dev.rightsflow.intake.http;

import java.time.Clock;
import java.util.Map;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.application.CallbackStore;
import dev.rightsflow.intake.application.StatusCallbacks;
import dev.rightsflow.intake.model.ProcessorSignature;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenDSR status callbacks over HTTP (WebClient). Each callback is signed like the processor API,
 * with the submitting organisation's shared secret: {@code X-Rightsflow-Timestamp} and
 * {@code X-OpenDSR-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + body))}. (OpenDSR 1.0
 * signs with the processor's X.509 key; a shared-secret HMAC is what this platform's credentials
 * provide.)
 */
@Component
public class WebClientStatusCallbacks implements StatusCallbacks {

    private final WebClient client;
    private final RequestIntakeProperties properties;
    private final Clock clock;
    private final JsonMapper mapper = JsonMapper.builder().build();

    public WebClientStatusCallbacks(RequestIntakeProperties properties, @Qualifier("intakeClock") Clock intakeClock) {
        this.client = WebClient.builder().build();
        this.properties = properties;
        this.clock = intakeClock;
    }

    @Override
    public Mono<Void> send(CallbackStore.Registration registration, Map<String, Object> statusBody) {
        byte[] body = mapper.writeValueAsBytes(statusBody);
        long timestamp = clock.instant().getEpochSecond();
        String secret = properties.processorSecrets().get(registration.organisationId());
        return Flux.fromIterable(registration.urls())
                .concatMap(url -> {
                    WebClient.RequestBodySpec request = client.post().uri(url).contentType(MediaType.APPLICATION_JSON)
                            .header("X-Rightsflow-Timestamp", String.valueOf(timestamp));
                    if (secret != null) {
                        request = request.header("X-OpenDSR-Signature", ProcessorSignature.sign(secret, timestamp, body));
                    }
                    return request.bodyValue(body).retrieve().toBodilessEntity().timeout(properties.opendsrCallbackTimeout());
                })
                .then();
    }
}
