package dev.rightsflow.router.webhooks.http;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.rightsflow.router.webhooks.application.WebhookCall;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;
import dev.rightsflow.schemas.net.OutboundAddresses;

/**
 * Posts a webhook message with a guarded {@link WebClient} ({@code net.GuardedWebClients}: the address connected
 * to is checked at connect time, no redirects), after checking the target against the organisation's
 * {@code allowedOutboundHosts} right before the call: a loopback, private, link-local or metadata address is refused
 * unless allowed. One attempt, bounded by the timeout; retries are the caller's.
 */
public final class WebClientWebhookCall implements WebhookCall {

    private final WebClient client;

    public WebClientWebhookCall(WebClient client) {
        this.client = client;
    }

    @Override
    public Result post(String url, Map<String, String> headers, String body, List<String> allowedHosts,
            Duration timeout) {
        try {
            OutboundAddresses.check(URI.create(url), allowedHosts);
        } catch (ForbiddenOutboundAddressException | IllegalArgumentException e) {
            return new Result(null, "refused before the call: " + e.getMessage(), true);
        } catch (UncheckedIOException e) {
            return new Result(null, "the host does not resolve", false);
        }
        try {
            Integer status = client.post().uri(url).contentType(MediaType.APPLICATION_JSON)
                    .headers(h -> headers.forEach(h::set)).bodyValue(body)
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .timeout(timeout).block();
            if (status == null) {
                return new Result(null, "no answer", false);
            }
            return status >= 200 && status < 300 ? new Result(status, null, false)
                    : new Result(status, "HTTP " + status, false);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof ForbiddenOutboundAddressException || e instanceof ForbiddenOutboundAddressException) {
                return new Result(null, "refused at connect: " + cause.getMessage(), true);
            }
            String why = cause instanceof TimeoutException ? "no answer within " + timeout
                    : cause.getClass().getSimpleName();
            return new Result(null, why, false);
        }
    }
}
