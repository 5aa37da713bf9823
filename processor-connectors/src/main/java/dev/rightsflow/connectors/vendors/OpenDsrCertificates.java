package dev.rightsflow.connectors.vendors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;

/**
 * Finds the certificate an OpenDSR processor signs its callbacks with, as the
 * <a href="https://github.com/opengdpr/OpenDSR/blob/master/specification.md">OpenDSR 2.0
 * specification</a> lays down: §8.8 "Callback Authentication" (read the
 * {@code X-OpenDSR-Processor-Domain} header, take the public key from a cache, or else call the
 * caller's {@code /discovery} and cache it) and §6.3 ({@code processor_certificate}: the URL the
 * X.509 certificate is downloaded from, whose domain must match the processor's).
 *
 * <p>Contract: a certificate is only ever fetched for a processor the registry names. The
 * announced domain must be the host of the system's configured {@code baseUrl} (the allow-list the
 * spec's security guidelines recommend), and the certificate URL must be on that domain or one of
 * its subdomains; otherwise nothing is fetched and the callback is refused. Certificates are
 * cached per base URL for {@code cacheFor}. The discovery document is read with the shared OpenDSR
 * codec; the HTTP client given is the runtime's guarded one (schemas {@code CheckedHttpClient}, which checks
 * the address of every connection it makes).
 * Nothing about the subject is sent or logged.
 */
public final class OpenDsrCertificates {

    private static final OpenDsrCodec CODEC = new OpenDsrCodec();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private record Cached(String pem, Instant until) {
    }

    private final HttpClient http;
    private final Clock clock;
    private final Duration cacheFor;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public OpenDsrCertificates(HttpClient http, Clock clock, Duration cacheFor) {
        this.http = http;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /**
     * The PEM certificate of the processor at {@code baseUrl}, if {@code announcedDomain} is that
     * processor's host and its discovery document names a certificate on the same domain.
     * Blocking: call it off the event loop.
     */
    public Optional<String> certificate(String baseUrl, String announcedDomain) {
        if (baseUrl == null || announcedDomain == null || announcedDomain.isBlank()) {
            return Optional.empty();
        }
        String base = HttpConnector.trimSlash(baseUrl.trim());
        String host = host(base);
        if (host == null || !host.equals(announcedDomain.trim().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        Cached cached = cache.get(base);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return Optional.of(cached.pem());
        }
        try {
            String discovery = get(base + "/discovery");
            String certificateUrl = discovery == null ? null
                    : CODEC.read(discovery.getBytes(java.nio.charset.StandardCharsets.UTF_8), Messages.Discovery.class).processorCertificate();
            String certificateHost = certificateUrl == null ? null : host(certificateUrl);
            if (certificateHost == null || !(certificateHost.equals(host) || certificateHost.endsWith("." + host))) {
                return Optional.empty();
            }
            String pem = get(certificateUrl);
            if (pem == null || !pem.contains("-----BEGIN")) {
                return Optional.empty();
            }
            cache.put(base, new Cached(pem, clock.instant().plus(cacheFor)));
            return Optional.of(pem);
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Forgets a processor's certificate (e.g. after it failed to verify a callback once). */
    public void forget(String baseUrl) {
        if (baseUrl != null) {
            cache.remove(HttpConnector.trimSlash(baseUrl.trim()));
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() / 100 == 2 ? response.body() : null;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
