package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.web.reactive.server.WebTestClient;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.submission.application.SubmitRequest;
import dev.rightsflow.router.RouterApplication;
import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.forwarding.http.SignedForwarder;
import dev.rightsflow.router.registry.model.ForwardingMode;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.AcceptRequest;
import dev.rightsflow.schemas.avro.CaseClosed;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.CasePlanned;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.ControllerResolved;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.avro.TriageRequired;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.FreePorts;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Two Rightsflow installations talk OpenDSR 2.0 to each other, each on its own Kafka broker
 * (embedded, KRaft) and its own in-process MongoDB, over real HTTP on loopback.
 * <ul>
 *   <li><b>Research in Practice</b> (RIP) runs its router with the real seed registry, in which its
 *       external Partner Leeds City Council is reached over OpenDSR (pointed here at Leeds's intake).</li>
 *   <li><b>Leeds</b> runs request intake and its own router, with its own registry
 *       ({@code interop/leeds-registry.yml}): Leeds is the controller, RIP its processor for the RIP
 *       website, and Leeds's staff decide every request.</li>
 * </ul>
 * Each signs with its own self-signed demo certificate for its domain; RIP finds Leeds's through
 * Leeds's discovery, Leeds has RIP's pinned ({@code rightsflow.opendsr.peers}).
 *
 * <p>What it covers: RIP's router forwards a Partner member's request as a signed OpenDSR 2.0
 * request; Leeds verifies RIP's signature (a tampered body is refused with 403), accepts it for
 * Leeds and answers a signed receipt, which RIP verifies before it records the request as
 * forwarded; Leeds's router opens the case, which waits for Leeds's staff. Leeds's status changes
 * (staff accept: {@code in_progress}; staff close: {@code completed}) come back to RIP's router as
 * signed callbacks, which RIP verifies (a forged one is refused). A withdrawal recorded by RIP's
 * staff (the dashboard's "close as withdrawn", a {@code CloseCase} command on RIP's case-commands
 * topic) makes RIP's router send the §9 {@code DELETE}; Leeds closes its case as withdrawn and calls
 * back {@code cancelled}; RIP's case shows that Leeds confirmed it. Once Leeds has accepted, a
 * withdrawal is refused by Leeds (§9: only while pending) and RIP's case says a person must tell Leeds.
 * A request naming the subject only by identities Leeds cannot match (§5) is accepted by Leeds's
 * intake and waits in Leeds's triage.
 *
 * <p>Staff decisions are published as the commands the dashboard publishes (audit-log, which serves
 * the dashboard, does not run here).
 */
class OpenDsrInteropTest {

    static final String RIP_DOMAIN = "rip.interop.test";
    static final String LEEDS_DOMAIN = "leeds.interop.test";
    static final String RIP_KEY_AT_LEEDS = "interop-only-rip-bearer-at-leeds";
    static final String ADMIN = "Bearer interop-admin";

    static EmbeddedKafkaKraftBroker ripBroker;
    static EmbeddedKafkaKraftBroker leedsBroker;
    static MongoServer ripMongo;
    static MongoServer leedsMongo;
    static ConfigurableApplicationContext rip;
    static ConfigurableApplicationContext leedsRouter;
    static ConfigurableApplicationContext leeds;
    static int ripPort;
    static int leedsPort;
    static int leedsRouterPort;
    static WebTestClient ripWeb;
    static WebTestClient leedsWeb;

    @BeforeAll
    static void startBothInstallations() throws Exception {
        ripPort = freePort();
        leedsPort = freePort();
        leedsRouterPort = freePort();
        ripBroker = new EmbeddedKafkaKraftBroker(1, 1);
        ripBroker.afterPropertiesSet();
        leedsBroker = new EmbeddedKafkaKraftBroker(1, 1);
        leedsBroker.afterPropertiesSet();
        ripMongo = InProcessMongo.start();
        leedsMongo = InProcessMongo.start();

        Map<String, Object> ripProperties = routerProperties(ripPort, ripMongo, ripBroker);
        ripProperties.put("rightsflow.router.secrets.LEEDS_OPENDSR_KEY", RIP_KEY_AT_LEEDS);
        ripProperties.put("rightsflow.opendsr.domain", RIP_DOMAIN);
        ripProperties.put("rightsflow.opendsr.public-base-url", "http://127.0.0.1:" + ripPort);
        ripProperties.put("rightsflow.opendsr.peers.[" + LEEDS_DOMAIN + "].discovery-url",
                "http://127.0.0.1:" + leedsPort + "/opendsr/v2/discovery");
        ripProperties.put("rightsflow.opendsr.allow-self-signed-peers", true);
        ripProperties.put("rightsflow.opendsr.allowed-outbound-hosts", "127.0.0.1");
        rip = new SpringApplicationBuilder(RouterApplication.class).run(arguments(ripProperties));
        OpenDsrSigner ripSigner = rip.getBean("routerOpenDsrSigner", OpenDsrSigner.class);

        // Leeds's router first: it publishes Leeds's registry, which Leeds's intake reads
        Map<String, Object> leedsRouterProperties = routerProperties(leedsRouterPort, leedsMongo, leedsBroker);
        leedsRouterProperties.put("rightsflow.router.seed", "classpath:interop/leeds-registry.yml");
        leedsRouterProperties.put("rightsflow.opendsr.domain", LEEDS_DOMAIN);
        leedsRouter = new SpringApplicationBuilder(RouterApplication.class).run(arguments(leedsRouterProperties));

        Map<String, Object> leedsProperties = new LinkedHashMap<>();
        leedsProperties.put("server.port", leedsPort);
        leedsProperties.put("spring.mongodb.uri", InProcessMongo.uri(leedsMongo));
        leedsProperties.put("spring.kafka.bootstrap-servers", leedsBroker.getBrokersAsString());
        leedsProperties.put("rightsflow.kafka.bootstrap-servers", leedsBroker.getBrokersAsString());
        leedsProperties.put("rightsflow.kafka.partitions", 1);
        leedsProperties.put("rightsflow.intake.processor-secrets.rip", RIP_KEY_AT_LEEDS);
        leedsProperties.put("rightsflow.intake.demo-outbox", true);
        leedsProperties.put("rightsflow.intake.rate-limit-per-minute", 100000);
        leedsProperties.put("rightsflow.opendsr.domain", LEEDS_DOMAIN);
        leedsProperties.put("rightsflow.opendsr.peers.[" + RIP_DOMAIN + "].certificate", ripSigner.certificatePem());
        leedsProperties.put("rightsflow.opendsr.allowed-outbound-hosts", "127.0.0.1");
        leedsProperties.put("rightsflow.opendsr.callback-first-retry", "1s");
        leedsProperties.put("rightsflow.opendsr.callback-max-retry", "2s");
        leeds = new SpringApplicationBuilder(RequestIntakeApplication.class).run(arguments(leedsProperties));

        ripWeb = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + ripPort).responseTimeout(Duration.ofSeconds(30)).build();
        leedsWeb = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + leedsPort).responseTimeout(Duration.ofSeconds(30)).build();

        RegistryView leedsRegistry = leeds.getBean(RegistryView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> leedsRegistry.find("rip").block().isPresent());
        await().atMost(Duration.ofSeconds(60)).until(() -> rip.getBean("routerProjectionState", ProjectionState.class).ready()
                && leedsRouter.getBean("routerProjectionState", ProjectionState.class).ready());
        pointRipAtLeeds();
    }

    @AfterAll
    static void stopBothInstallations() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {leeds, leedsRouter, rip}) {
            if (context != null) {
                context.close();
            }
        }
        for (EmbeddedKafkaKraftBroker broker : new EmbeddedKafkaKraftBroker[] {leedsBroker, ripBroker}) {
            if (broker != null) {
                broker.destroy();
            }
        }
        for (MongoServer mongo : new MongoServer[] {leedsMongo, ripMongo}) {
            if (mongo != null) {
                mongo.shutdownNow();
            }
        }
    }

    @Test
    void ripForwardsAPartnerMembersRequestToLeedsAndLeedsSignedStatusComesBack() throws Exception {
        String requestId = "interop-" + UUID.randomUUID();
        RequestReceived request = partnerMemberErasure(requestId);
        send(rip, "routerKafkaTemplate", Topics.REQUESTS, requestId, request);

        String subjectRequestId = SignedForwarder.subjectRequestId(requestId, "partner-leeds");
        RequestForwarded forwarded = awaitOne(ripBroker, Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).as("delivered over OpenDSR with a verified receipt, not handed to a person")
                .isEqualTo("OPENDSR");
        assertThat(forwarded.getControllerReference()).isEqualTo(subjectRequestId);

        String leedsRequestId = SubmitRequest.requestIdFor("processor:rip", subjectRequestId);
        RequestReceived atLeeds = awaitOne(leedsBroker, Topics.REQUESTS, leedsRequestId, RequestReceived.class);
        assertThat(atLeeds.getOrganisationId()).isEqualTo("partner-leeds");
        assertThat(atLeeds.getChannel()).isEqualTo(Channel.OPENDSR);
        assertThat(atLeeds.getRight()).isEqualTo(Right.ERASURE);
        assertThat(atLeeds.getForwardedBy().getFromOrganisationId()).isEqualTo("rip");
        assertThat(atLeeds.getSubject().getEmail()).isEqualTo(request.getSubject().getEmail());
        assertThat(atLeeds.getSubject().getName()).isEqualTo(request.getSubject().getName());

        // Leeds's own router resolves Leeds as controller and opens the case; it waits for Leeds's staff
        assertThat(awaitOne(leedsBroker, Topics.CASES, leedsRequestId, ControllerResolved.class).getControllerId())
                .isEqualTo("partner-leeds");
        assertThat(awaitOne(leedsBroker, Topics.CASES, leedsRequestId, CaseOpened.class).getAwaitingDecision()).isTrue();

        // Leeds's staff accept: the router plans, the status becomes in_progress and Leeds tells RIP
        send(leeds, "intakeKafkaTemplate", Topics.CASE_COMMANDS, leedsRequestId, AcceptRequest.newBuilder()
                .setEventId(Events.newEventId()).setRequestId(leedsRequestId).setOccurredAt(Instant.now())
                .setActor(Events.staff("link-officer", "partner-leeds")).build());
        awaitOne(leedsBroker, Topics.CASES, leedsRequestId, CasePlanned.class);
        awaitForwardedStatus(subjectRequestId, "in_progress");

        // RIP refuses a callback that Leeds did not sign, and keeps the status it had
        ripWeb.post().uri(SignedForwarder.CALLBACK_PATH).contentType(MediaType.APPLICATION_JSON)
                .header("X-OpenDSR-Processor-Domain", LEEDS_DOMAIN)
                .header("X-OpenDSR-Signature", java.util.Base64.getEncoder().encodeToString(new byte[256]))
                .bodyValue(("{\"controller_id\":\"rip\",\"expected_completion_time\":\"2026-12-31T23:59:59Z\",\"status_callback_url\":"
                        + "\"http://127.0.0.1:" + ripPort + SignedForwarder.CALLBACK_PATH + "\",\"subject_request_id\":\"" + subjectRequestId
                        + "\",\"request_status\":\"completed\"}").getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isForbidden();
        ripWeb.get().uri("/router/opendsr/forwarded/{id}", subjectRequestId).header("Authorization", ADMIN).exchange()
                .expectBody().jsonPath("$.request_status").isEqualTo("in_progress");

        // Leeds's staff answer and close the case: completed reaches RIP
        send(leeds, "intakeKafkaTemplate", Topics.CASE_COMMANDS, leedsRequestId, CloseCase.newBuilder()
                .setEventId(Events.newEventId()).setRequestId(leedsRequestId).setOccurredAt(Instant.now())
                .setActor(Events.staff("link-officer", "partner-leeds")).setOutcome("answered")
                .setSummary("erased from the learning records").build());
        awaitForwardedStatus(subjectRequestId, "completed");
    }

    @Test
    void leedsRefusesARequestWhoseSignatureDoesNotMatchItsBody() {
        OpenDsrSigner ripSigner = rip.getBean("routerOpenDsrSigner", OpenDsrSigner.class);
        String body = """
                {"regulation":"gdpr","subject_request_id":"%s","subject_request_type":"erasure","submitted_time":"2026-11-30T10:00:00Z",
                 "subject_identities":[{"identity_type":"email","identity_value":"someone@example.org","identity_format":"raw"}],
                 "extensions":{"%s":{"service_id":"rip-website"}}}""".formatted(UUID.randomUUID(), LEEDS_DOMAIN);
        String signature = ripSigner.sign(body.getBytes(StandardCharsets.UTF_8));
        leedsWeb.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "rip").header("Authorization", "Bearer " + RIP_KEY_AT_LEEDS)
                .header("X-OpenDSR-Processor-Domain", RIP_DOMAIN).header("X-OpenDSR-Signature", signature)
                .bodyValue(body.replace("erasure", "access")).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error.code").isEqualTo(403);
    }

    /**
     * §5: a request naming the subject only by identities Leeds cannot match (an advertising id,
     * an email as a digest) is accepted by Leeds's intake and waits in Leeds's triage with the
     * reason, for a person; it is neither refused nor dropped.
     */
    @Test
    void leedsAcceptsARequestIdentifiedOnlyByAnAdvertisingIdAndItsRouterSendsItToTriage() throws Exception {
        String subjectRequestId = UUID.randomUUID().toString();
        String body = """
                {"regulation":"gdpr","subject_request_id":"%s","subject_request_type":"erasure","submitted_time":"2026-11-30T10:00:00Z",
                 "subject_identities":[{"identity_type":"android_advertising_id","identity_value":"38400000-8cf0-11bd-b23e-10b96e40000d","identity_format":"raw"},
                   {"identity_type":"email","identity_value":"%s","identity_format":"sha256"}],
                 "api_version":"2.0","extensions":{"%s":{"service_id":"rip-website"}}}""".formatted(subjectRequestId, "b".repeat(64),
                LEEDS_DOMAIN);
        OpenDsrSigner ripSigner = rip.getBean("routerOpenDsrSigner", OpenDsrSigner.class);
        leedsWeb.post().uri("/opendsr/v2/requests").contentType(MediaType.APPLICATION_JSON)
                .header("X-Rightsflow-Organisation", "rip").header("Authorization", "Bearer " + RIP_KEY_AT_LEEDS)
                .header("X-OpenDSR-Processor-Domain", RIP_DOMAIN)
                .header("X-OpenDSR-Signature", ripSigner.sign(body.getBytes(StandardCharsets.UTF_8)))
                .bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isCreated();

        String leedsRequestId = SubmitRequest.requestIdFor("processor:rip", subjectRequestId);
        TriageRequired triage = awaitOne(leedsBroker, Topics.CASES, leedsRequestId, TriageRequired.class);
        assertThat(triage.getReason()).contains("android_advertising_id; email as a sha256 digest")
                .contains("Leeds City Council cannot match").doesNotContain("38400000");
        assertThat(triage.getCandidateControllerIds()).containsExactly("partner-leeds");
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + leedsRouterPort).build().get().uri("/router/triage")
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.requestId == '" + leedsRequestId + "')].reason").exists();
        assertThat(events(leedsBroker, Topics.TASKS, leedsRequestId, TaskDispatched.class)).isEmpty();
    }

    @Test
    void ripsStaffRecordAWithdrawalAndLeedsClosesItsCaseAndSaysSo() throws Exception {
        String requestId = "interop-cancel-" + UUID.randomUUID();
        send(rip, "routerKafkaTemplate", Topics.REQUESTS, requestId, partnerMemberErasure(requestId));
        RequestForwarded forwarded = awaitOne(ripBroker, Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("OPENDSR");
        String subjectRequestId = forwarded.getControllerReference();
        String leedsRequestId = SubmitRequest.requestIdFor("processor:rip", subjectRequestId);
        awaitOne(leedsBroker, Topics.CASES, leedsRequestId, CaseOpened.class);

        send(rip, "routerKafkaTemplate", Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder()
                .setEventId(Events.newEventId()).setRequestId(requestId).setOccurredAt(Instant.now())
                .setActor(Events.staff("dpo", "rip")).setOutcome("withdrawn")
                .setSummary("the member withdrew the request by phone").build());
        assertThat(awaitOne(ripBroker, Topics.CASES, requestId, CaseClosed.class).getOutcome()).isEqualTo("withdrawn");

        // the DELETE reached Leeds's intake, which closed Leeds's case through Leeds's router
        CloseCase atLeeds = awaitOne(leedsBroker, Topics.CASE_COMMANDS, leedsRequestId, CloseCase.class);
        assertThat(atLeeds.getOutcome()).isEqualTo("withdrawn");
        assertThat(atLeeds.getActor().getId()).isEqualTo("rip");
        CaseClosed closedAtLeeds = awaitOne(leedsBroker, Topics.CASES, leedsRequestId, CaseClosed.class);
        assertThat(closedAtLeeds.getOutcome()).isEqualTo("withdrawn");

        awaitForwardedStatus(subjectRequestId, "cancelled");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ripWeb.get().uri("/router/cases/{id}", requestId)
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CLOSED")
                .jsonPath("$.externalCancellation").value(text -> assertThat(String.valueOf(text)).contains("confirmed")));
    }

    @Test
    void aWithdrawalAfterLeedsAcceptedIsRefusedByLeedsAndRipsCaseSaysAPersonMustTellLeeds() throws Exception {
        String requestId = "interop-late-" + UUID.randomUUID();
        send(rip, "routerKafkaTemplate", Topics.REQUESTS, requestId, partnerMemberErasure(requestId));
        String subjectRequestId = awaitOne(ripBroker, Topics.CASES, requestId, RequestForwarded.class).getControllerReference();
        String leedsRequestId = SubmitRequest.requestIdFor("processor:rip", subjectRequestId);
        awaitOne(leedsBroker, Topics.CASES, leedsRequestId, CaseOpened.class);
        send(leeds, "intakeKafkaTemplate", Topics.CASE_COMMANDS, leedsRequestId, AcceptRequest.newBuilder()
                .setEventId(Events.newEventId()).setRequestId(leedsRequestId).setOccurredAt(Instant.now())
                .setActor(Events.staff("link-officer", "partner-leeds")).build());
        awaitForwardedStatus(subjectRequestId, "in_progress");

        send(rip, "routerKafkaTemplate", Topics.CASE_COMMANDS, requestId, CloseCase.newBuilder()
                .setEventId(Events.newEventId()).setRequestId(requestId).setOccurredAt(Instant.now())
                .setActor(Events.staff("dpo", "rip")).setOutcome("withdrawn").setSummary("withdrawn by email").build());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ripWeb.get().uri("/router/cases/{id}", requestId)
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.externalCancellation").value(text -> assertThat(String.valueOf(text))
                        .contains("not confirmed").contains("HTTP 400").contains("tell the controller by hand")));
        assertThat(events(leedsBroker, Topics.CASE_COMMANDS, leedsRequestId, CloseCase.class)).isEmpty();
    }

    private static void awaitForwardedStatus(String subjectRequestId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ripWeb.get().uri("/router/opendsr/forwarded/{id}", subjectRequestId)
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.request_status").isEqualTo(status)
                .jsonPath("$.domain").isEqualTo(LEEDS_DOMAIN));
    }

    // ---- set-up

    /** RIP's registry (the seed) names Leeds's OpenDSR endpoint; here it is Leeds's intake on loopback. */
    private static void pointRipAtLeeds() {
        RegistryService registry = rip.getBean("routerRegistryService", RegistryService.class);
        RegistryCodec codec = rip.getBean("routerRegistryCodec", RegistryCodec.class);
        Organisation current = registry.entry("partner-leeds").orElseThrow().organisation();
        String endpoint = "http://127.0.0.1:" + leedsPort + "/opendsr/v2/requests";
        Organisation pointed = current.withForwarding(new Organisation.Forwarding(ForwardingMode.OPENDSR, endpoint,
                "LEEDS_OPENDSR_KEY", current.forwarding().contact()))
                .withAllowedOutboundHosts(List.of("127.0.0.1:" + leedsPort));
        ripWeb.put().uri("/api/v1/registry/organisations/{id}", "partner-leeds").header("Authorization", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(codec.json().writeValueAsString(pointed))
                .exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(30)).until(() -> registry.current().organisation("partner-leeds")
                .map(o -> endpoint.equals(o.forwarding().endpoint())).orElse(false));
    }

    private static RequestReceived partnerMemberErasure(String requestId) {
        return RequestReceived.newBuilder(SampleEvents.requestReceived(requestId, Right.ERASURE, "rip", "rip-website"))
                .setRelationship("partner-member:leeds").build();
    }

    @SuppressWarnings("unchecked")
    private static void send(ConfigurableApplicationContext context, String template, String topic, String key,
            SpecificRecord event) throws Exception {
        context.getBean(template, KafkaTemplate.class).send(topic, key, event).get(10, TimeUnit.SECONDS);
    }

    /** A router's settings (the classpath's application.yml is intake's here: the router's own, explicitly). */
    private static Map<String, Object> routerProperties(int port, MongoServer mongo, EmbeddedKafkaKraftBroker broker) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", port);
        properties.put("spring.application.name", "router");
        properties.put("management.endpoint.health.group.readiness.include", "readinessState,routerProjectionState");
        properties.put("spring.mongodb.uri", InProcessMongo.uri(mongo));
        properties.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("rightsflow.kafka.bootstrap-servers", broker.getBrokersAsString());
        properties.put("rightsflow.kafka.partitions", 1);
        properties.put("rightsflow.router.admin-token", "interop-admin");
        properties.put("rightsflow.router.forward-back-off", "100ms");
        properties.put("rightsflow.router.risk-check-interval", "0s");
        return properties;
    }

    private static <T extends SpecificRecord> T awaitOne(EmbeddedKafkaKraftBroker broker, String topic, String requestId,
            Class<T> type) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> events(broker, topic, requestId, type), l -> !l.isEmpty())
                .get(0);
    }

    private static <T extends SpecificRecord> List<T> events(EmbeddedKafkaKraftBroker broker, String topic, String requestId,
            Class<T> type) {
        List<T> found = new ArrayList<>();
        TopicReplay.replay(KafkaSettings.of(broker.getBrokersAsString()), List.of(topic), r -> {
            if (requestId.equals(r.key()) && type.isInstance(r.value())) {
                found.add(type.cast(r.value()));
            }
        });
        return found;
    }

    /**
     * As command-line arguments, which take precedence over the application.yml on the classpath
     * (intake's and the router's share the name; default properties would lose to either).
     */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static int freePort() {
        return FreePorts.take();
    }

}
