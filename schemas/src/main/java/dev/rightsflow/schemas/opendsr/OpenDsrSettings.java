package dev.rightsflow.schemas.opendsr;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This installation's OpenDSR identity and the peers it trusts ({@code rightsflow.opendsr.*}),
 * shared by intake, the router and the connectors (in the standalone they are one installation,
 * so one key).
 *
 * @param domain               the domain sent in {@code X-OpenDSR-Processor-Domain}; the signing
 *                             certificate must be issued to it (§8.3)
 * @param keyStore             PKCS#12 file holding the signing key and its certificate chain
 * @param keyStorePassword     its password (from the environment, never logged)
 * @param keyAlias             the key's alias in it; the first key entry when absent
 * @param certificate          alternatively: PEM file of the certificate (chain) ...
 * @param privateKey           ... and PEM file of its private key (PKCS#8, PKCS#1 or SEC1)
 * @param peers                per peer domain: where its discovery document is, or its pinned
 *                             certificate; a domain not listed here is never trusted (§8.8 allows
 *                             an allow-list)
 * @param allowSelfSignedPeers accept a peer's self-signed certificate fetched through discovery
 *                             (demo and tests only: §4.1 forbids self-signed certificates)
 * @param allowedOutboundHosts hosts (or host:port) that may be called although internal (see
 *                             {@code OutboundAddresses}); the embedded demo lists its own loopback
 * @param peerCache            how long a peer's certificate is kept before discovery is asked again
 * @param callbackFirstRetry   first back-off of a status callback that was not acknowledged (2xx)
 * @param callbackMaxRetry     the longest back-off between two attempts; attempts go on until
 *                             acknowledged
 * @param publicBaseUrl        this installation's external address, for the URLs it hands out
 *                             (certificate, status callbacks)
 * @param demoKeyStore         where the self-signed demo key is kept when no key is configured (the
 *                             standalone: {@code <data directory>/opendsr-demo-key.p12}), so a restart
 *                             signs with the certificate its peers already fetched; none: a new
 *                             demo key at every start
 */
@ConfigurationProperties("rightsflow.opendsr")
public record OpenDsrSettings(
        @DefaultValue("localhost") String domain,
        String keyStore,
        String keyStorePassword,
        String keyAlias,
        String certificate,
        String privateKey,
        Map<String, Peer> peers,
        @DefaultValue("false") boolean allowSelfSignedPeers,
        List<String> allowedOutboundHosts,
        @DefaultValue("1h") Duration peerCache,
        @DefaultValue("10s") Duration callbackFirstRetry,
        @DefaultValue("1h") Duration callbackMaxRetry,
        @DefaultValue("") String publicBaseUrl,
        String demoKeyStore) {

    public OpenDsrSettings {
        peers = peers == null ? Map.of() : Map.copyOf(peers);
        allowedOutboundHosts = allowedOutboundHosts == null ? List.of() : List.copyOf(allowedOutboundHosts);
    }

    /** Defaults only: an ephemeral self-signed key for {@code localhost}, no peers. */
    public static OpenDsrSettings defaults() {
        return new OpenDsrSettings("localhost", null, null, null, null, null, Map.of(), false, List.of(),
                Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofHours(1), "", null);
    }

    /**
     * A trusted peer.
     *
     * @param discoveryUrl its discovery endpoint, e.g. {@code https://opendsr.peer.example/v2/discovery};
     *                     the certificate URL it names must be on the same host or the peer's domain
     * @param certificate  or its certificate pinned: PEM text or a PEM file path
     */
    public record Peer(String discoveryUrl, String certificate) {
    }
}
