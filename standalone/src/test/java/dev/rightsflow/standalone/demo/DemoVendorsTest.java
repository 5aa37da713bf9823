package dev.rightsflow.standalone.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.opendsr.Messages;
import dev.rightsflow.schemas.opendsr.OpenDsrCodec;
import dev.rightsflow.schemas.opendsr.OpenDsrKeys;
import dev.rightsflow.schemas.opendsr.OpenDsrPeers;
import dev.rightsflow.schemas.opendsr.OpenDsrSettings;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;

/**
 * The demo stand-ins against the real connectors of processor-connectors, configured exactly as
 * the router's seed registry configures each system (plus {@link #SEED_SUPPLEMENTS}, the keys the
 * seed still lacks): every action the seed lists for a system, and its connector supports, must
 * complete against the stand-in, so the embedded demo keeps working when the seed, a connector or
 * a mapping changes. Everything is local: the stand-ins are WireMock servers on 127.0.0.1.
 */
class DemoVendorsTest {

    /**
     * Connector keys the seed registry lacks or gets wrong for its connector (the lead puts them in
     * the seed; see the processor-connectors README, "Demo stand-ins"). Keyed by system id; they win
     * over the seed's value (Camden's Matomo segment "camden" is not a Matomo segment).
     */
    static final Map<String, Map<String, String>> SEED_SUPPLEMENTS = Map.ofEntries(
            Map.entry("qualtrics-research", Map.of("directoryId", "POOL_demo0001")),
            Map.entry("smartsurvey", Map.of("surveyIds", "1000001")),
            Map.entry("hotjar", Map.of("organizationId", "demo-org-1", "siteIds", "rip-site")),
            Map.entry("matomo", Map.of("segment", "userId=={email}")),
            Map.entry("rip-partner-matomo", Map.of("segment", "userId=={email};pageUrl=@camden")),
            Map.entry("white-bear-feedback-centre", Map.of("pollEvery", "PT15S")));

    /** The generic REST systems' action paths (the same on every demo stand-in). */
    static final Map<String, String> GENERIC_REST_PATHS = Map.of(
            "rectifyPath", "/contacts/{id}",
            "restrictPath", "/contacts/{id}/restriction",
            "suppressPath", "/contacts/{id}/suppression",
            "consentPath", "/contacts/{id}/consent-withdrawal");

    private static final Pattern LOCAL_PORT = Pattern.compile("^http://localhost:(91\\d\\d)(/.*)?$");
    private static DemoVendors vendors;
    private static List<SeedSystem> seed;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ConnectorCatalogue CONNECTORS = ConnectorCatalogue.discover(DemoVendorsTest.class.getClassLoader());

    record SeedSystem(String organisationId, String id, String connector, Map<String, String> config, List<String> actions) {
    }

    @BeforeAll
    static void start() throws IOException {
        vendors = DemoVendors.start();
        seed = seedSystems();
    }

    @AfterAll
    static void stop() {
        vendors.close();
    }

    @Test
    void everyLocalAddressInTheSeedRegistryHasAStandIn() throws IOException {
        assertThat(vendors.ports()).containsExactlyElementsOf(DemoVendors.PORTS);
        Set<Integer> seedPorts = new TreeSet<>();
        Matcher m = Pattern.compile("http://localhost:(\\d+)").matcher(seedText());
        while (m.find()) {
            seedPorts.add(Integer.parseInt(m.group(1)));
        }
        assertThat(seedPorts).isNotEmpty();
        assertThat(DemoVendors.PORTS).containsAll(seedPorts);
    }

    /**
     * The Leeds stand-in answers as an OpenDSR 2.0 controller: its receipt (§7.3) and cancellation
     * receipt (§9.2) carry {@code processor_signature} and the {@code X-OpenDSR-*} headers, which
     * verify with the certificate its discovery names, through the same peer trust and codec the
     * router's forwarder uses (configured by {@link DemoVendors#openDsrProperties()}).
     */
    @Test
    void leedsStandInSignsItsOpenDsrAnswersWithTheCertificateItsDiscoveryNames() throws Exception {
        Map<String, Object> properties = vendors.openDsrProperties();
        assertThat(properties).containsEntry("rightsflow.opendsr.allow-self-signed-peers", true);
        OpenDsrSettings settings = new OpenDsrSettings("rightsflow.test", null, null, null, null, null,
                Map.of(DemoVendors.LEEDS_OPENDSR_DOMAIN, new OpenDsrSettings.Peer((String) properties.get(
                        "rightsflow.opendsr.peers.[" + DemoVendors.LEEDS_OPENDSR_DOMAIN + "].discovery-url"), null)),
                true, List.of((String) properties.get("rightsflow.opendsr.allowed-outbound-hosts")),
                Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(1), "", null);
        OpenDsrPeers peers = new OpenDsrPeers(settings);
        OpenDsrCodec codec = new OpenDsrCodec();
        OpenDsrSigner ours = OpenDsrKeys.selfSigned("rightsflow.test", Duration.ofDays(1));
        String subjectRequestId = UUID.randomUUID().toString();
        byte[] request = ("{\"regulation\":\"gdpr\",\"subject_request_id\":\"" + subjectRequestId
                + "\",\"subject_request_type\":\"erasure\",\"submitted_time\":\"2026-11-30T10:00:00Z\","
                + "\"subject_identities\":[{\"identity_type\":\"email\",\"identity_value\":\"alex@example.org\","
                + "\"identity_format\":\"raw\"}],\"api_version\":\"2.0\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String endpoint = "http://localhost:9112/leeds/opendsr/v1/requests";

        HttpResponse<byte[]> created = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json").header("X-OpenDSR-Processor-Domain", ours.domain())
                .header("X-OpenDSR-Signature", ours.sign(request))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(created.statusCode()).as(new String(created.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(201);
        assertThat(created.headers().firstValue("X-OpenDSR-Processor-Domain")).hasValue(DemoVendors.LEEDS_OPENDSR_DOMAIN);
        assertThat(peers.verify(DemoVendors.LEEDS_OPENDSR_DOMAIN, created.body(),
                created.headers().firstValue("X-OpenDSR-Signature").orElse(null))).isEqualTo(OpenDsrPeers.Verdict.VALID);
        Messages.Receipt receipt = codec.read(created.body(), Messages.Receipt.class);
        var certificate = peers.certificate(DemoVendors.LEEDS_OPENDSR_DOMAIN).orElseThrow();
        assertThat(codec.receiptSignatureValid(receipt, certificate.getPublicKey())).isTrue();
        assertThat(receipt.subjectRequestId()).isEqualTo(subjectRequestId);
        assertThat(java.util.Base64.getDecoder().decode(receipt.encodedRequest())).isEqualTo(request);
        assertThat(OpenDsrCodec.parseTime(receipt.receivedTime())).isNotNull();
        assertThat(OpenDsrCodec.parseTime(receipt.expectedCompletionTime())).isNotNull();
        assertThat(receipt.controllerId()).isNotBlank();

        HttpResponse<byte[]> cancelled = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + subjectRequestId))
                .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(peers.verify(DemoVendors.LEEDS_OPENDSR_DOMAIN, cancelled.body(),
                cancelled.headers().firstValue("X-OpenDSR-Signature").orElse(null))).isEqualTo(OpenDsrPeers.Verdict.VALID);
        Messages.CancellationReceipt cancellation = codec.read(cancelled.body(), Messages.CancellationReceipt.class);
        assertThat(codec.cancellationSignatureValid(cancellation, certificate.getPublicKey())).isTrue();
        assertThat(cancellation.subjectRequestId()).isEqualTo(subjectRequestId);

        HttpResponse<byte[]> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unsigned.statusCode()).isEqualTo(401);
    }

    @Test
    void everyStandInAnswerIsMarkedAsADemoStandInNotTheVendor() {
        for (int port : vendors.ports()) {
            var mappings = vendors.server(port).getStubMappings();
            assertThat(mappings).as("mappings of port %d", port).isNotEmpty();
            mappings.forEach(mapping -> assertThat(mapping.getMetadata().getString("demoStandIn"))
                    .as("%s on port %d", mapping.getName(), port).startsWith("DEMO STAND-IN, NOT THE VENDOR"));
        }
    }

    @TestFactory
    Stream<DynamicTest> everySeedActionCompletesAgainstItsStandIn() {
        List<DynamicTest> tests = new ArrayList<>();
        for (SeedSystem system : seed) {
            Connector connector = CONNECTORS.find(system.connector()).orElseThrow(() -> new AssertionError(
                    "seed system " + system.id() + " names connector '" + system.connector() + "', which is not installed"));
            assertThat(connector.validate(system.config())).as("configuration of %s", system.id()).isEmpty();
            for (String actionName : system.actions()) {
                Action action = Action.valueOf(actionName);
                if (!connector.supports().contains(action)) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(system.id() + " " + action, () -> {
                    Outcome outcome = runToTheEnd(connector, system, action);
                    if (system.connector().equals("hotjar") && action == Action.EXPORT) {
                        // Hotjar's documented answer: the look-up result is emailed to the account, a person adds it.
                        assertThat(outcome).isInstanceOf(Outcome.NeedsPerson.class);
                        return;
                    }
                    assertThat(outcome).as("%s %s", system.id(), action).isInstanceOf(Outcome.Completed.class);
                    Outcome.Completed done = (Outcome.Completed) outcome;
                    assertThat(done.subjectFound()).as("the stand-in holds the demo subject: %s", done.summary()).isTrue();
                    if (action == Action.EXPORT && !system.connector().equals("opendsr")) {
                        assertThat(done.exported()).as("exported records of %s", system.id()).isNotEmpty();
                    }
                }));
            }
        }
        assertThat(tests).as("erase and export of every seed system with a stand-in")
                .extracting(DynamicTest::getDisplayName)
                .contains("opencrm ERASE", "opencrm EXPORT", "qualtrics-research ERASE", "qualtrics-research EXPORT",
                        "white-bear-feedback-centre ERASE", "white-bear-feedback-centre EXPORT", "mailchimp ERASE", "mailchimp EXPORT",
                        "smartsurvey ERASE", "smartsurvey EXPORT", "hotjar ERASE", "hotjar EXPORT", "matomo ERASE", "matomo EXPORT",
                        "participant-records ERASE", "participant-records EXPORT", "crm ERASE", "crm EXPORT",
                        "client-contacts ERASE", "client-contacts EXPORT");
        return tests.stream();
    }

    @Test
    void theRiversideStandInAcceptsOnlyASignedForwardedRequest() throws Exception {
        String body = "{\"subject_request_id\":\"demo-1\"}";
        HttpResponse<String> signed = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9103/riverside/dsr/requests"))
                .header("Content-Type", "application/json").header("X-Rightsflow-Timestamp", "1760000000")
                .header("X-Rightsflow-Signature", "sha256=" + "ab".repeat(32))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).isEqualTo(202);
        assertThat(signed.body()).contains("\"controller_reference\":\"RUH-DSR-");
        HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9103/riverside/dsr/requests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
    }

    @Test
    void aConnectorWithoutItsSecretIsRefusedTheWayTheVendorRefusesIt() throws Exception {
        HttpResponse<String> mailchimp = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:9108/mailchimp/3.0/lists/rip-public/members/" + "0".repeat(32))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mailchimp.statusCode()).isEqualTo(401);
        assertThat(mailchimp.body()).contains("API Key Missing");
    }

    @Test
    void standInsAreOnUnlessSwitchedOffWithFalse() {
        assertThat(DemoVendors.enabled(Map.of())).isTrue();
        assertThat(DemoVendors.enabled(Map.of(DemoVendors.ENV, "true"))).isTrue();
        assertThat(DemoVendors.enabled(Map.of(DemoVendors.ENV, "false"))).isFalse();
        assertThat(DemoVendors.enabled(Map.of(DemoVendors.ENV, " FALSE "))).isFalse();
    }

    @Test
    void theDemoSecretsReachTheConnectorsThroughTheSharedSecretsRule() {
        dev.rightsflow.schemas.secrets.Secrets secrets = new dev.rightsflow.schemas.secrets.Secrets(Map.of(), null,
                name -> (String) vendors.properties().get(name), List.of());
        DemoVendors.SECRETS.forEach((name, value) -> assertThat(secrets.find(name)).contains(value));
    }

    /** Runs one task to its end, asking an OpenDSR processor again while it reports the request pending. */
    private static Outcome runToTheEnd(Connector connector, SeedSystem system, Action action) {
        String requestId = "demo-" + UUID.randomUUID();
        // SmartSurvey's response listing cannot see the subject: its stand-in holds a response from alex@example.org.
        String email = system.connector().equals("smartsurvey") ? "alex@example.org" : "citizen-" + UUID.randomUUID() + "@example.org";
        TaskSubject subject = new TaskSubject("Demo Citizen", email, null, null, Map.of());
        TaskDetails details = new TaskDetails("my job title is wrong", "Team manager", "accuracy contested", true,
                List.of("communications"));
        ConnectorContext context = ConnectorContext.of(name -> Optional.ofNullable(DemoVendors.SECRETS.get(name)), HTTP,
                Clock.systemUTC(), (c, t) -> Optional.empty());
        Outcome outcome = null;
        for (int attempt = 1; attempt <= 4; attempt++) {
            ConnectorTask task = new ConnectorTask(requestId + "-" + system.id() + "-" + action, requestId, system.id(), action,
                    action == Action.EXPORT ? "ACCESS" : "ERASURE", subject, details, List.of(),
                    connector.config().parse(system.config()), attempt);
            outcome = connector.execute(task, context);
            if (!(outcome instanceof Outcome.Pending)) {
                return outcome;
            }
        }
        return outcome;
    }

    private static String seedText() throws IOException {
        try (InputStream in = DemoVendorsTest.class.getClassLoader().getResourceAsStream("registry/seed-registry.yml")) {
            assertThat(in).as("the router's seed registry on the classpath").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The seed's systems whose connector config points at a local demo port, with the supplements applied. */
    @SuppressWarnings("unchecked")
    private static List<SeedSystem> seedSystems() throws IOException {
        Map<String, Object> root = new Yaml().load(seedText());
        List<SeedSystem> out = new ArrayList<>();
        for (Map<String, Object> organisation : (List<Map<String, Object>>) root.get("organisations")) {
            for (Map<String, Object> system : (List<Map<String, Object>>) organisation.getOrDefault("systems", List.of())) {
                Map<String, Object> config = (Map<String, Object>) system.getOrDefault("config", Map.of());
                Object baseUrl = config.get("baseUrl");
                if (baseUrl == null || !LOCAL_PORT.matcher(baseUrl.toString()).matches()) {
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                config.forEach((k, v) -> values.put(k, String.valueOf(v)));
                String connector = String.valueOf(system.get("connector"));
                if (connector.equals("generic-rest")) {
                    GENERIC_REST_PATHS.forEach(values::putIfAbsent);
                }
                values.putAll(SEED_SUPPLEMENTS.getOrDefault(String.valueOf(system.get("id")), Map.of()));
                List<String> actions = new ArrayList<>();
                ((List<Object>) system.getOrDefault("actions", List.of())).forEach(a -> actions.add(String.valueOf(a)));
                out.add(new SeedSystem(String.valueOf(organisation.get("id")), String.valueOf(system.get("id")), connector,
                        new HashMap<>(values), actions));
            }
        }
        return out;
    }
}
