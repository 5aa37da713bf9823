package dev.rightsflow.standalone.demo;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappingCollection;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;

import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.secrets.Secrets;

/**
 * <b>Demo stand-ins, not the vendors.</b> Local WireMock servers that answer, for the embedded
 * demo, where the seed registry ({@code router/.../registry/seed-registry.yml}) points its
 * processor systems: {@code http://localhost:9101} to {@code 9112}. Without them nothing listens
 * there and every HTTP task of {@code ./mvnw -Prun} retries and dead-letters.
 *
 * <p>One server per port, bound to 127.0.0.1 only, each loaded with the JSON stub mappings (the
 * WireMock mapping format, not Java stubs) under {@code demo-vendors/<port>/mappings/*.json} on
 * the classpath. They reproduce each vendor's documented answers for a demo subject: a look-up
 * that finds one record for any email (the email is echoed back where the vendor's request carries
 * it; SmartSurvey's listing cannot see the subject and holds a response from
 * {@code alex@example.org}), and the delete, export, update, suppress and consent answers, plus
 * the vendor's answer to a missing credential. Every mapping carries a {@code demoStandIn}
 * metadata note saying so. The data they return is invented.
 *
 * <table>
 *   <caption>Ports</caption>
 *   <tr><td>9101</td><td>MES systems (generic REST: website, CRM, prospects, Engage, membership, ClickSurvey, Declare)</td></tr>
 *   <tr><td>9102</td><td>Qualtrics (XM Directory contacts and survey responses)</td></tr>
 *   <tr><td>9103</td><td>Riverside University Hospitals NHS FT: the router's signed forwarding endpoint</td></tr>
 *   <tr><td>9104</td><td>OpenCRM (ECS, generic REST)</td></tr>
 *   <tr><td>9105</td><td>White Bear feedback centre (OpenDSR processor)</td></tr>
 *   <tr><td>9106</td><td>CarePlus participant records (Empower, generic REST)</td></tr>
 *   <tr><td>9107</td><td>Research in Practice CRM (generic REST)</td></tr>
 *   <tr><td>9108</td><td>Mailchimp Marketing API</td></tr>
 *   <tr><td>9109</td><td>SmartSurvey API</td></tr>
 *   <tr><td>9110</td><td>Hotjar User Lookup API</td></tr>
 *   <tr><td>9111</td><td>Matomo PrivacyManager API</td></tr>
 *   <tr><td>9112</td><td>Leeds City Council (Research in Practice Partner): the router's OpenDSR forwarding endpoint</td></tr>
 * </table>
 *
 * <p>The stand-ins accept the demo secrets in {@link #SECRETS}, which {@link #properties()} hands
 * to the connectors as {@code rightsflow.secrets.values.<name>} properties, the last source of the one secrets rule
 * ({@code schemas.secrets.Secrets}): environment variables {@code RIGHTSFLOW_SECRET_<NAME>} and mounted secret files
 * still win. Disable the stand-ins with
 * {@code RIGHTSFLOW_DEMO_VENDORS=false}, e.g. when the registry points at real systems.
 * A port already in use is skipped with a warning, and the rest start.
 */
public final class DemoVendors implements AutoCloseable {

    /** Environment variable that switches the stand-ins off with {@code false}. */
    public static final String ENV = "RIGHTSFLOW_DEMO_VENDORS";
    /** The ports the seed registry uses, in order. */
    public static final List<Integer> PORTS = List.of(9101, 9102, 9103, 9104, 9105, 9106, 9107, 9108, 9109, 9110, 9111, 9112);
    /** Classpath root of the mappings: {@code demo-vendors/<port>/mappings/*.json}. */
    public static final String MAPPINGS_ROOT = "demo-vendors";
    /**
     * Demo secrets the stand-ins accept, by the seed's {@code secretRef} names. Worthless outside
     * the demo: the stand-ins only check that a credential of the vendor's shape is present.
     */
    public static final Map<String, String> SECRETS = Map.of(
            "MAILCHIMP_API_KEY", "demo-mailchimp-key-us1",
            "QUALTRICS_API_TOKEN", "demo-qualtrics-token",
            "SMARTSURVEY_API_TOKEN", "demo-api-token:demo-api-secret",
            "HOTJAR_API_TOKEN", "demo-client-id:demo-client-secret",
            "MATOMO_TOKEN_AUTH", "demo-matomo-token-auth",
            "WHITE_BEAR_OPENDSR_KEY", "demo-white-bear-bearer");

    /**
     * The OpenDSR domain of the Leeds stand-in (9112). It signs its answers with a self-signed
     * certificate made at start ({@link OpenDsrSignedAnswers}); the router finds it through the
     * stand-in's discovery, beside the seed's endpoint ({@link #openDsrProperties()}).
     */
    public static final String LEEDS_OPENDSR_DOMAIN = "leeds-city-council.demo";
    /** The port of the Leeds stand-in. */
    public static final int LEEDS_PORT = 9112;
    static final String LEEDS_OPENDSR_DISCOVERY = "http://localhost:9112/leeds/opendsr/v1/discovery";

    private static final Logger log = LoggerFactory.getLogger(DemoVendors.class);

    private final Map<Integer, WireMockServer> servers;

    private DemoVendors(Map<Integer, WireMockServer> servers) {
        this.servers = servers;
    }

    /** Whether the stand-ins should start: on unless {@code RIGHTSFLOW_DEMO_VENDORS=false}. */
    public static boolean enabled(Map<String, String> env) {
        String value = env.get(ENV);
        return value == null || !value.trim().toLowerCase(Locale.ROOT).equals("false");
    }

    /** Starts one stand-in per seed port on 127.0.0.1. */
    public static DemoVendors start() {
        return start(PORTS);
    }

    /** Starts the stand-ins of these ports (each port's mappings come from its own folder). */
    public static DemoVendors start(List<Integer> ports) {
        Map<Integer, WireMockServer> started = new LinkedHashMap<>();
        OpenDsrSignedAnswers leedsSigns = new OpenDsrSignedAnswers(
                OpenDsrKeys.selfSigned(LEEDS_OPENDSR_DOMAIN, java.time.Duration.ofDays(365)));
        for (int port : ports) {
            // Mappings are read through Spring's resource resolver and added one by one: WireMock's
            // own classpath file source cannot open the nested jar of the executable standalone jar.
            WireMockServer server = new WireMockServer(options()
                    .bindAddress("127.0.0.1")
                    .port(port)
                    .maxRequestJournalEntries(500)
                    .jettyAcceptors(1)
                    .containerThreads(10)
                    .notifier(new Slf4jNotifier(false))
                    .extensions(leedsSigns));
            try {
                server.start();
                for (StubMapping mapping : mappings(port)) {
                    server.addStubMapping(mapping);
                }
                started.put(port, server);
            } catch (RuntimeException e) {
                log.warn("demo stand-in on port {} not started ({}); tasks for the systems there will retry", port, e.getMessage());
            }
        }
        DemoVendors vendors = new DemoVendors(started);
        log.info("demo vendor stand-ins (not the real vendors) listening on 127.0.0.1 ports {}", started.keySet());
        return vendors;
    }

    private static List<StubMapping> mappings(int port) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver(DemoVendors.class.getClassLoader())
                    .getResources("classpath*:" + MAPPINGS_ROOT + "/" + port + "/mappings/*.json");
            List<StubMapping> mappings = new ArrayList<>();
            for (Resource resource : resources) {
                try (var in = resource.getInputStream()) {
                    // A file holds one mapping or {"mappings": [...]}, as in WireMock's own mappings folder.
                    mappings.addAll(Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            StubMappingCollection.class).getMappingOrMappings());
                }
            }
            return mappings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo mappings of port " + port, e);
        }
    }

    /**
     * Properties the standalone adds so the demo's connectors use the demo secrets:
     * {@code rightsflow.secrets.values.<name>} ({@code RIGHTSFLOW_SECRET_<NAME>} environment variables and secret
     * files still win).
     * The router's forwarding keys (Riverside 9103, Leeds 9112) come from the standalone's own
     * configuration: those stand-ins check that a signature is present, not which key made it.
     */
    public Map<String, Object> properties() {
        return secretProperties();
    }

    /** {@link #properties()}, known before the stand-ins have started. */
    public static Map<String, Object> secretProperties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        SECRETS.forEach((name, value) -> properties.put(Secrets.PROPERTY_PREFIX + name, value));
        return properties;
    }

    /**
     * Properties the standalone adds while the stand-ins run, whatever the secrets: the Leeds
     * stand-in as a trusted OpenDSR peer, found through its discovery, whose certificate is
     * self-signed (demo only; OpenDSR 2.0 §4.1 forbids that between real parties).
     */
    public Map<String, Object> openDsrProperties() {
        return openDsrProperties(servers.containsKey(LEEDS_PORT));
    }

    /** {@link #openDsrProperties()} before the stand-ins have started: {@code leedsStandIn}, whether the one on 9112 runs. */
    public static Map<String, Object> openDsrProperties(boolean leedsStandIn) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (leedsStandIn) {
            properties.put("rightsflow.opendsr.peers.[" + LEEDS_OPENDSR_DOMAIN + "].discovery-url", LEEDS_OPENDSR_DISCOVERY);
            properties.put("rightsflow.opendsr.allow-self-signed-peers", true);
            // its discovery and certificate are on loopback, which outbound calls may not reach otherwise
            properties.put("rightsflow.opendsr.allowed-outbound-hosts", "localhost:9112");
        }
        return properties;
    }

    /** The ports whose stand-in is listening. */
    public List<Integer> ports() {
        return new ArrayList<>(servers.keySet());
    }

    /** The stand-in on this port (for tests and diagnostics), or null when it did not start. */
    public WireMockServer server(int port) {
        return servers.get(port);
    }

    @Override
    public void close() {
        servers.values().forEach(WireMockServer::stop);
        servers.clear();
    }
}
