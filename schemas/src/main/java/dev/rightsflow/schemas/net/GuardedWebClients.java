package dev.rightsflow.schemas.net;

import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

/**
 * WebClients for calls to addresses a tenant, processor or admin chose (status callbacks, signed forwarding, alert
 * webhooks): they resolve through {@link CheckedAddressResolverGroup}, so the address connected to is the address
 * checked, and they do not follow redirects (a redirect would be an unchecked target).
 */
public final class GuardedWebClients {

    private GuardedWebClients() {
    }

    public static WebClient.Builder builder(Supplier<? extends Collection<String>> allowedHosts) {
        return builder(CheckedAddressResolverGroup.jvm(allowedHosts));
    }

    /** With a given resolver group (tests inject a lookup). */
    public static WebClient.Builder builder(CheckedAddressResolverGroup resolver) {
        HttpClient http = HttpClient.create().resolver(resolver).followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Duration.ofSeconds(10).toMillis());
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http));
    }
}
