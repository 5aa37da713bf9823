package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
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
import dev.rightsflow.intake.application.RegistryView;
import dev.rightsflow.intake.application.SubmitRequest;
import dev.rightsflow.router.RouterApplication;
import dev.rightsflow.router.application.ExternalForwarder;
import dev.rightsflow.router.application.RegistryCodec;
import dev.rightsflow.router.application.RegistryService;
import dev.rightsflow.router.http.SignedForwarder;
import dev.rightsflow.router.model.ForwardingMode;
import dev.rightsflow.router.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.CaseOpened;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.CloseCase;
import dev.rightsflow.schemas.avro.Division;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.ProcessorAuth;
import dev.rightsflow.schemas.avro.RequestAccepted;
import dev.rightsflow.schemas.avro.RequestForwarded;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.RightPolicy;
import dev.rightsflow.schemas.avro.ServiceRef;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.opendsr.OpenDsrSigner;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.InProcessMongo;
import dev.rightsflow.schemas.testing.SampleEvents;

/**
 * Two Rightsflow installations talk OpenDSR 2.0 to each other, each on its own Kafka broker
 * (embedded, KRaft) and its own in-process MongoDB, over real HTTP on loopback: Research in
 * Practice (RIP) runs the router with the real seed registry, in which its external Partner Leeds
 * City Council is reached over OpenDSR; Leeds runs request intake. Each signs with its own
 * self-signed demo certificate; RIP finds Leeds's through Leeds's discovery, Leeds has RIP's pinned.
 *
 * <p>What it covers: RIP's router forwards a Partner member's request as an OpenDSR 2.0 request
 * signed with RIP's certificate; Leeds verifies that signature (a tampered body is refused with
 * 403), accepts the request for Leeds as the controller and answers a signed receipt, which RIP
 * verifies before it records the request as forwarded; Leeds's status changes come back to RIP's
 * router as signed callbacks, which RIP verifies (a forged one is refused); RIP cancels a pending
 * request and Leeds closes it and calls back "cancelled".
 *
 * <p>What it does not: Leeds runs intake only, no router of its own: the test publishes on Leeds's
 * broker the case events Leeds's router would publish when it accepts the request
 * ({@code CaseOpened}, {@code RequestAccepted}). RIP's cancellation is triggered by calling RIP's
 * forwarder ({@link ExternalForwarder#cancel}); no staff action on RIP's side calls it yet.
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
    static ConfigurableApplicationContext leeds;
    static int ripPort;
    static int leedsPort;
    static WebTestClient ripWeb;
    static WebTestClient leedsWeb;

    @BeforeAll
    static void startBothInstallations() throws Exception {
        ripPort = freePort();
        leedsPort = freePort();
        ripBroker = new EmbeddedKafkaKraftBroker(1, 1);
        ripBroker.afterPropertiesSet();
        leedsBroker = new EmbeddedKafkaKraftBroker(1, 1);
        leedsBroker.afterPropertiesSet();
        ripMongo = InProcessMongo.start();
        leedsMongo = InProcessMongo.start();

        Map<String, Object> ripProperties = new LinkedHashMap<>();
        ripProperties.put("server.port", ripPort);
        // the classpath's application.yml is intake's here: the router's own settings of it, explicitly
        ripProperties.put("spring.application.name", "router");
        ripProperties.put("management.endpoint.health.group.readiness.include", "readinessState,routerProjectionState");
        ripProperties.put("spring.mongodb.uri", InProcessMongo.uri(ripMongo));
        ripProperties.put("spring.kafka.bootstrap-servers", ripBroker.getBrokersAsString());
        ripProperties.put("rightsflow.kafka.bootstrap-servers", ripBroker.getBrokersAsString());
        ripProperties.put("rightsflow.kafka.partitions", 1);
        ripProperties.put("rightsflow.router.admin-token", "interop-admin");
        ripProperties.put("rightsflow.router.secrets.LEEDS_OPENDSR_KEY", RIP_KEY_AT_LEEDS);
        ripProperties.put("rightsflow.router.forward-back-off", "100ms");
        ripProperties.put("rightsflow.router.risk-check-interval", "0s");
        ripProperties.put("rightsflow.opendsr.domain", RIP_DOMAIN);
        ripProperties.put("rightsflow.opendsr.public-base-url", "http://127.0.0.1:" + ripPort);
        ripProperties.put("rightsflow.opendsr.peers.[" + LEEDS_DOMAIN + "].discovery-url",
                "http://127.0.0.1:" + leedsPort + "/opendsr/v2/discovery");
        ripProperties.put("rightsflow.opendsr.allow-self-signed-peers", true);
        ripProperties.put("rightsflow.opendsr.allowed-outbound-hosts", "127.0.0.1");
        rip = new SpringApplicationBuilder(RouterApplication.class).run(arguments(ripProperties));
        OpenDsrSigner ripSigner = rip.getBean("routerOpenDsrSigner", OpenDsrSigner.class);

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

        publishLeedsRegistry();
        await().atMost(Duration.ofSeconds(60)).until(() -> rip.getBean("routerProjectionState", ProjectionState.class).ready());
        pointRipAtLeeds();
    }

    @AfterAll
    static void stopBothInstallations() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {leeds, rip}) {
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

        // Leeds's router accepts the request (published here as Leeds's router would): the status becomes in_progress
        Instant now = Instant.now();
        send(leeds, "intakeKafkaTemplate", Topics.CASES, leedsRequestId, CaseOpened.newBuilder().setEventId(Events.newEventId())
                .setRequestId(leedsRequestId).setOccurredAt(now).setActor(Events.service("router")).setControllerId("partner-leeds")
                .setDivision(Division.ENGLAND_AND_WALES).setReceivedAt(now).setClockStartsAt(now)
                .setStatutoryDeadline(java.time.LocalDate.now().plusMonths(1)).setAwaitingDecision(false).build());
        send(leeds, "intakeKafkaTemplate", Topics.CASES, leedsRequestId, RequestAccepted.newBuilder().setEventId(Events.newEventId())
                .setRequestId(leedsRequestId).setOccurredAt(now).setActor(Events.service("router")).setPolicy("auto-accept").build());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ripWeb.get().uri("/router/opendsr/forwarded/{id}", subjectRequestId)
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.request_status").isEqualTo("in_progress")
                .jsonPath("$.domain").isEqualTo(LEEDS_DOMAIN));

        // RIP refuses a callback that Leeds did not sign
        ripWeb.post().uri(SignedForwarder.CALLBACK_PATH).contentType(MediaType.APPLICATION_JSON)
                .header("X-OpenDSR-Processor-Domain", LEEDS_DOMAIN)
                .header("X-OpenDSR-Signature", java.util.Base64.getEncoder().encodeToString(new byte[256]))
                .bodyValue(("{\"controller_id\":\"rip\",\"expected_completion_time\":\"2026-12-31T23:59:59Z\",\"status_callback_url\":"
                        + "\"http://127.0.0.1:" + ripPort + SignedForwarder.CALLBACK_PATH + "\",\"subject_request_id\":\"" + subjectRequestId
                        + "\",\"request_status\":\"completed\"}").getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isForbidden();
        ripWeb.get().uri("/router/opendsr/forwarded/{id}", subjectRequestId).header("Authorization", ADMIN).exchange()
                .expectBody().jsonPath("$.request_status").isEqualTo("in_progress");
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

    @Test
    void ripCancelsAPendingRequestAndLeedsClosesItAndSaysSo() throws Exception {
        String requestId = "interop-cancel-" + UUID.randomUUID();
        RequestReceived request = partnerMemberErasure(requestId);
        send(rip, "routerKafkaTemplate", Topics.REQUESTS, requestId, request);
        RequestForwarded forwarded = awaitOne(ripBroker, Topics.CASES, requestId, RequestForwarded.class);
        assertThat(forwarded.getMode()).isEqualTo("OPENDSR");
        String subjectRequestId = forwarded.getControllerReference();
        String leedsRequestId = SubmitRequest.requestIdFor("processor:rip", subjectRequestId);
        awaitOne(leedsBroker, Topics.REQUESTS, leedsRequestId, RequestReceived.class);

        Organisation partnerLeeds = rip.getBean("routerRegistryService", RegistryService.class).current()
                .organisation("partner-leeds").orElseThrow();
        ExternalForwarder.Result cancelled = rip.getBean("routerExternalForwarder", ExternalForwarder.class)
                .cancel(partnerLeeds, request, "rip");
        assertThat(cancelled.delivered()).as(String.valueOf(cancelled.failure())).isTrue();
        assertThat(cancelled.reference()).isEqualTo(subjectRequestId);

        CloseCase close = awaitOne(leedsBroker, Topics.CASE_COMMANDS, leedsRequestId, CloseCase.class);
        assertThat(close.getOutcome()).isEqualTo("cancelled");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ripWeb.get().uri("/router/opendsr/forwarded/{id}", subjectRequestId)
                .header("Authorization", ADMIN).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.request_status").isEqualTo("cancelled"));
    }

    // ---- set-up

    /** Leeds's registry: Leeds the controller, RIP its processor for the RIP website's Partner members. */
    private static void publishLeedsRegistry() throws Exception {
        List<RightPolicy> policies = new ArrayList<>();
        for (Right right : Right.values()) {
            if (right != Right.UNKNOWN) {
                policies.add(new RightPolicy(right, VerificationMethod.NONE));
            }
        }
        OrganisationPublished leedsOrg = organisation("partner-leeds", "Leeds City Council", ProcessorAuth.NONE, policies, List.of());
        OrganisationPublished ripOrg = organisation("rip", "Research in Practice", ProcessorAuth.BEARER, policies,
                List.of(ServiceRef.newBuilder().setServiceId("rip-website").setName("Research in Practice website (Partner members)")
                        .setControllerId("partner-leeds").setProcessorIds(List.of("rip")).build()));
        send(leeds, "intakeKafkaTemplate", Topics.REGISTRY, "partner-leeds", leedsOrg);
        send(leeds, "intakeKafkaTemplate", Topics.REGISTRY, "rip", ripOrg);
        RegistryView registry = leeds.getBean(RegistryView.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.snapshot().block().size() >= 2);
    }

    private static OrganisationPublished organisation(String id, String name, ProcessorAuth auth, List<RightPolicy> rights,
            List<ServiceRef> services) {
        return OrganisationPublished.newBuilder().setEventId(Events.derivedId("organisation", id, "1")).setRequestId(id)
                .setOccurredAt(Instant.parse("2026-09-01T08:00:00Z")).setActor(Events.service("router")).setOrganisationId(id)
                .setVersion(1).setName(name).setDivision(Division.ENGLAND_AND_WALES).setServices(services).setRights(rights)
                .setProcessorAuth(auth).setTargets(List.of()).setDocument("{}").build();
    }

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

    private static <T extends SpecificRecord> T awaitOne(EmbeddedKafkaKraftBroker broker, String topic, String requestId,
            Class<T> type) {
        KafkaSettings settings = KafkaSettings.of(broker.getBrokersAsString());
        List<T> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            found.clear();
            TopicReplay.replay(settings, List.of(topic), r -> {
                if (requestId.equals(r.key()) && type.isInstance(r.value())) {
                    found.add(type.cast(r.value()));
                }
            });
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /**
     * As command-line arguments, which take precedence over the application.yml on the classpath
     * (intake's and the router's share the name; default properties would lose to either).
     */
    private static String[] arguments(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
