package dev.rightsflow.schemas.opendsr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rightsflow.schemas.net.CheckedHttpClient;
import dev.rightsflow.schemas.net.ForbiddenOutboundAddressException;

/**
 * The certificates of the OpenDSR peers this installation trusts, found as §8.8 lays down: read
 * the {@code X-OpenDSR-Processor-Domain} header, take the key from a cache, or else ask the peer's
 * {@code /discovery} for {@code processor_certificate} (§6.3) and download it.
 *
 * <p>Contract:
 * <ul>
 *   <li>Only domains listed in {@code rightsflow.opendsr.peers} are looked up (the allow-list §8.8
 *       permits); their discovery URL comes from there, never from the caller.</li>
 *   <li>The certificate URL must be on the discovery URL's host or on the peer's domain (§6.3: "the
 *       domain MUST match"); every call goes through a {@link CheckedHttpClient}, which checks the address it
 *       connects to (loopback, private, link-local and metadata addresses are refused unless
 *       {@code rightsflow.opendsr.allowed-outbound-hosts} allows the host), so DNS rebinding cannot redirect it.</li>
 *   <li>A certificate is accepted only if it is valid now, is issued to the peer's domain (DNS
 *       subject alternative name, else common name) and chains to a JDK trust anchor (§4.1). A
 *       self-signed one only when pinned in configuration or {@code allow-self-signed-peers} is on
 *       (demo, tests).</li>
 *   <li>Blocking: call it off the event loop. Nothing about a subject is sent or logged.</li>
 * </ul>
 */
public final class OpenDsrPeers {

    private static final Logger log = LoggerFactory.getLogger(OpenDsrPeers.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a signature check found. */
    public enum Verdict {
        VALID, MISSING, UNKNOWN_PEER, INVALID
    }

    private record Cached(X509Certificate certificate, Instant until) {
    }

    private final OpenDsrSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final OpenDsrCodec codec = new OpenDsrCodec();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * @param http the client discovery and certificates are fetched with; it must check the addresses it connects to
     *             ({@link CheckedHttpClient}), since discovery URLs come from configuration an admin writes
     */
    public OpenDsrPeers(OpenDsrSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    public OpenDsrPeers(OpenDsrSettings settings) {
        this(settings, CheckedHttpClient.create(settings.allowedOutboundHosts()), Clock.systemUTC());
    }

    /**
     * Checks a signed message: the domain header names a trusted peer and the signature is its
     * signature of {@code body}. A failure with a cached certificate is tried once more with a
     * fresh one (the peer may have renewed its key).
     */
    public Verdict verify(String domain, byte[] body, String signature) {
        if (domain == null || domain.isBlank() || signature == null || signature.isBlank()) {
            return Verdict.MISSING;
        }
        Optional<X509Certificate> certificate = certificate(domain);
        if (certificate.isEmpty()) {
            return Verdict.UNKNOWN_PEER;
        }
        if (OpenDsrVerifier.verify(body, signature, certificate.get().getPublicKey())) {
            return Verdict.VALID;
        }
        forget(domain);
        Optional<X509Certificate> fresh = certificate(domain);
        return fresh.isPresent() && OpenDsrVerifier.verify(body, signature, fresh.get().getPublicKey())
                ? Verdict.VALID : Verdict.INVALID;
    }

    /** The trusted certificate of {@code domain}, if it is a listed peer and its certificate passes the checks. */
    public Optional<X509Certificate> certificate(String domain) {
        String key = domain.trim().toLowerCase(Locale.ROOT);
        Cached cached = cache.get(key);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return Optional.of(cached.certificate());
        }
        OpenDsrSettings.Peer peer = settings.peers().get(key);
        if (peer == null) {
            peer = settings.peers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (peer == null) {
            return Optional.empty();
        }
        try {
            Optional<X509Certificate> found = load(key, peer);
            found.ifPresent(c -> cache.put(key, new Cached(c, clock.instant().plus(settings.peerCache()))));
            return found;
        } catch (IOException | UncheckedIOException | GeneralSecurityException | IllegalArgumentException
                | ForbiddenOutboundAddressException e) {
            log.warn("OpenDSR peer {}: no usable certificate ({})", key, e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public void forget(String domain) {
        if (domain != null) {
            cache.remove(domain.trim().toLowerCase(Locale.ROOT));
        }
    }

    private Optional<X509Certificate> load(String domain, OpenDsrSettings.Peer peer)
            throws IOException, InterruptedException, GeneralSecurityException {
        if (peer.certificate() != null && !peer.certificate().isBlank()) {
            String pem = peer.certificate().contains("-----BEGIN") ? peer.certificate()
                    : Files.readString(Path.of(peer.certificate()));
            List<X509Certificate> chain = OpenDsrKeys.certificates(pem);
            return accept(domain, chain, true) ? Optional.of(chain.get(0)) : Optional.empty();
        }
        if (peer.discoveryUrl() == null || peer.discoveryUrl().isBlank()) {
            return Optional.empty();
        }
        URI discoveryUri = URI.create(peer.discoveryUrl());
        String discovery = get(discoveryUri);
        if (discovery == null) {
            return Optional.empty();
        }
        String certificateUrl = codec.read(discovery.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Messages.Discovery.class).processorCertificate();
        if (certificateUrl == null) {
            return Optional.empty();
        }
        URI certificateUri = discoveryUri.resolve(certificateUrl);
        String host = certificateUri.getHost() == null ? "" : certificateUri.getHost().toLowerCase(Locale.ROOT);
        if (!host.equals(discoveryUri.getHost().toLowerCase(Locale.ROOT)) && !host.equals(domain) && !host.endsWith("." + domain)) {
            log.warn("OpenDSR peer {}: processor_certificate is on another domain; refused", domain);
            return Optional.empty();
        }
        String pem = get(certificateUri);
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE")) {
            return Optional.empty();
        }
        List<X509Certificate> chain = OpenDsrKeys.certificates(pem);
        return accept(domain, chain, false) ? Optional.of(chain.get(0)) : Optional.empty();
    }

    private boolean accept(String domain, List<X509Certificate> chain, boolean pinned) throws GeneralSecurityException {
        if (chain.isEmpty()) {
            return false;
        }
        X509Certificate leaf = chain.get(0);
        leaf.checkValidity(Date.from(clock.instant()));
        if (!issuedTo(leaf, domain)) {
            log.warn("OpenDSR peer {}: the certificate is issued to another name; refused", domain);
            return false;
        }
        if (selfSigned(leaf)) {
            if (pinned || settings.allowSelfSignedPeers()) {
                return true;
            }
            log.warn("OpenDSR peer {}: self-signed certificate refused (§4.1); pin it or allow self-signed peers for a demo", domain);
            return false;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors());
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            log.warn("OpenDSR peer {}: the certificate does not chain to a trusted authority; refused", domain);
            return false;
        }
    }

    static boolean issuedTo(X509Certificate certificate, String domain) throws GeneralSecurityException {
        var names = certificate.getSubjectAlternativeNames();
        if (names != null) {
            boolean anyDns = false;
            for (List<?> name : names) {
                if (Integer.valueOf(2).equals(name.get(0))) {
                    anyDns = true;
                    if (matches(String.valueOf(name.get(1)), domain)) {
                        return true;
                    }
                }
            }
            if (anyDns) {
                return false;
            }
        }
        for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
            if (part.trim().startsWith("CN=") && matches(part.trim().substring(3), domain)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String name, String domain) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("*.")) {
            String rest = n.substring(1);
            return domain.endsWith(rest) && domain.indexOf('.') == domain.length() - rest.length();
        }
        return n.equals(domain);
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<TrustAnchor> anchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((java.security.KeyStore) null);
        Set<TrustAnchor> anchors = new HashSet<>();
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate issuer : x509.getAcceptedIssuers()) {
                    anchors.add(new TrustAnchor(issuer, null));
                }
            }
        }
        return anchors;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() / 100 == 2 ? response.body() : null;
    }
}
