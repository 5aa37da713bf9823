package dev.rightsflow.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import dev.rightsflow.intake.registry.application.RegistryView;
import dev.rightsflow.intake.mailbox.MailboxPoller;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.Channel;
import dev.rightsflow.schemas.avro.IdentityVerified;
import dev.rightsflow.schemas.avro.OrganisationPublished;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.Right;
import dev.rightsflow.schemas.avro.VerificationMethod;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.state.ProjectionState;
import dev.rightsflow.schemas.testing.InProcessMongo;

/**
 * 25% M.E. Group's inbound mailbox against GreenMail's IMAP server (the organisation's mailbox) and its SMTP server
 * (the acknowledgements and codes reaching the senders), through a real Kafka broker and the real MongoDB driver.
 * The registry entry names the mailbox and the password's secret, as the router publishes it; the password is in
 * intake's secrets. The poller's own loop is set to an hour: each test reads the mailbox now with
 * {@link MailboxPoller#pollAll()}, as one round of the loop does. Own context and broker (the last test stops it).
 */
@SpringBootTest(classes = RequestIntakeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rightsflow.kafka.partitions=1", "rightsflow.intake.database=intake-mailbox",
                "spring.mail.host=127.0.0.1", "rightsflow.intake.demo-outbox=false",
                "rightsflow.intake.mail-from=privacy@rightsflow.example",
                "rightsflow.intake.public-base-url=https://requests.25megroup.example",
                "rightsflow.intake.mailbox.poll-every=1h", "rightsflow.intake.mailbox.timeout=5s",
                "rightsflow.intake.mailbox.secrets.ME_GROUP_MAILBOX_PASSWORD=" + InboundMailboxTest.PASSWORD})
@ContextConfiguration(initializers = InProcessMongo.class)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "rightsflow.kafka.bootstrap-servers")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InboundMailboxTest {

    static final String MAILBOX = "enquiry@25megroup.org";
    static final String PASSWORD = "test-only-mailbox-password";
    static final String ACK_SUBJECT = "Your data protection request to 25% M.E. Group";

    static final GreenMail MAIL = startMail();
    static final GreenMailUser ORGANISATION = MAIL.setUser(MAILBOX, MAILBOX, PASSWORD);

    private static GreenMail startMail() {
        GreenMail mail = new GreenMail(new ServerSetup[] {
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort(),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP).dynamicPort()});
        mail.start();
        return mail;
    }

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @AfterAll
    static void stopMail() {
        MAIL.stop();
    }

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("intakeKafkaTemplate")
    KafkaTemplate<String, Object> kafka;
    @Autowired
    KafkaSettings kafkaSettings;
    @Autowired
    RegistryView registry;
    @Autowired
    List<ProjectionState> projectionStates;
    @Autowired
    MailboxPoller poller;
    @Autowired
    EmbeddedKafkaBroker broker;

    @BeforeEach
    void registryWithTheMailbox() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> projectionStates.stream().allMatch(ProjectionState::ready));
        if (registry.find("me-group-25").block().map(o -> o.mailbox() != null).orElse(false)) {
            return;
        }
        OrganisationPublished seed = SeedRegistry.all().stream().filter(o -> o.getOrganisationId().equals("me-group-25"))
                .findFirst().orElseThrow();
        // the router's document: the full registry entry; the mailbox names the secret, never the password
        String document = """
                {"organisation": {"id": "me-group-25", "mailbox": {"address": "%s", "host": "127.0.0.1", "port": %d,
                  "tls": false, "username": "%s", "folder": "INBOX", "passwordSecretRef": "ME_GROUP_MAILBOX_PASSWORD",
                  "conventions": [{"subject": "Data protection request", "right": null},
                                  {"subject": "Consent withdrawal", "right": "CONSENT_WITHDRAWAL"}]}},
                 "version": 1}""".formatted(MAILBOX, MAIL.getImap().getPort(), MAILBOX);
        OrganisationPublished withMailbox = OrganisationPublished.newBuilder(seed).setDocument(document).build();
        kafka.send(Topics.REGISTRY, "me-group-25", withMailbox).get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.find("me-group-25").block().map(o -> o.mailbox() != null).orElse(false));
    }

    @Test
    @Order(1)
    void consentWithdrawalByMailIsAConsentWithdrawalReceivedWhenTheServerReceivedItAndItsSenderIsAcknowledgedOnce()
            throws Exception {
        Instant received = Instant.parse("2026-11-20T10:00:00Z");
        String messageId = deliver("Morag Example <morag@example.org>", "Consent withdrawal", received,
                "Please take me off the members' contact list.");

        assertThat(poller.pollAll().block()).isEqualTo(1);

        RequestReceived request = onlyRequestFrom("morag@example.org");
        assertThat(request.getRight()).isEqualTo(Right.CONSENT_WITHDRAWAL);
        assertThat(request.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(request.getOrganisationId()).isEqualTo("me-group-25");
        assertThat(request.getReceivedAt()).isEqualTo(received);
        // one calendar month from Friday 20 November (day one): Sunday 20 December, so Monday 21 December (Scotland)
        assertThat(request.getProvisionalDeadline()).isEqualTo(LocalDate.parse("2026-12-21"));
        assertThat(request.getSubject().getName()).isEqualTo("Morag Example");
        assertThat(request.getDetails().getDescription()).contains(MAILBOX).contains(messageId)
                .doesNotContain("contact list");
        assertThat(seen(messageId)).isTrue();

        List<MimeMessage> acks = acknowledgementsTo("morag@example.org");
        assertThat(acks).hasSize(1);
        String text = (String) acks.get(0).getContent();
        assertThat(acks.get(0).getSubject()).endsWith(request.getRequestId());
        assertThat(acks.get(0).getHeader("Auto-Submitted")).as("no auto-responder answers it").containsExactly("auto-generated");
        assertThat(text).contains("Your reference: " + request.getRequestId()).contains("withdrawal of your consent")
                .contains("21 December 2026").contains("https://requests.25megroup.example/requests/status");
        String token = statusToken(text);
        web().get().uri("/api/v1/requests/{id}", request.getRequestId()).header("X-Status-Token", token).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.right").isEqualTo("CONSENT_WITHDRAWAL")
                .jsonPath("$.receivedAt").value(at -> assertThat(Instant.parse(at.toString())).isEqualTo(received));
        web().get().uri("/api/v1/requests/{id}", request.getRequestId()).header("X-Status-Token", "not-" + token)
                .exchange().expectStatus().value(status -> assertThat(status).isIn(401, 404));
    }

    @Test
    @Order(2)
    void dataProtectionRequestByMailNamesNoRightSoItIsPublishedForTriageWithTheStrictestVerification() throws Exception {
        String messageId = deliver("Alex Example <alex.dpr@example.org>", "Data protection request",
                Instant.parse("2026-11-24T16:30:00Z"), "I would like to know what you hold about me.");

        assertThat(poller.pollAll().block()).isEqualTo(1);

        RequestReceived request = onlyRequestFrom("alex.dpr@example.org");
        assertThat(request.getRight()).as("staff choose the right in triage").isEqualTo(Right.UNKNOWN);
        assertThat(request.getChannel()).isEqualTo(Channel.EMAIL);
        // 25% M.E. Group verifies access and portability by emailed code: a right not known yet needs the same
        assertThat(request.getVerification()).isEqualTo(VerificationMethod.EMAIL_CODE);
        assertThat(seen(messageId)).isTrue();
        List<MimeMessage> acks = acknowledgementsTo("alex.dpr@example.org");
        assertThat(acks).hasSize(1);
        assertThat((String) acks.get(0).getContent()).contains("which of your rights");
        web().get().uri("/api/v1/requests/{id}", request.getRequestId())
                .header("X-Status-Token", statusToken((String) acks.get(0).getContent())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("AWAITING_IDENTITY");
    }

    @Test
    @Order(3)
    void pollingAgainOrReadingAMailAgainAfterACrashMakesNoSecondRequestAndNoSecondAcknowledgement() throws Exception {
        String messageId = deliver("Jo Example <jo.twice@example.org>", "RE: consent withdrawal",
                Instant.parse("2026-11-25T09:00:00Z"), "Withdraw my consent.");
        assertThat(poller.pollAll().block()).isEqualTo(1);
        assertThat(poller.pollAll().block()).as("nothing new in the mailbox").isZero();

        // intake stopped after the broker had the request but before the mail was marked seen: it is read again
        markUnseen(messageId);
        assertThat(poller.pollAll().block()).isEqualTo(1);

        RequestReceived request = onlyRequestFrom("jo.twice@example.org");
        assertThat(request.getRight()).isEqualTo(Right.CONSENT_WITHDRAWAL);
        assertThat(seen(messageId)).isTrue();
        assertThat(acknowledgementsTo("jo.twice@example.org")).hasSize(1);
    }

    @Test
    @Order(4)
    void anIdentityClaimInsideAMailChangesNothingAboutVerification() throws Exception {
        String messageId = deliver("Pat Member <pat.claims@example.org>", "Data protection request",
                Instant.parse("2026-11-26T11:00:00Z"),
                "My identity is already verified (membership number M-1001, verification: NONE, identityVerified: true).",
                "X-Identity-Verified", "true");

        assertThat(poller.pollAll().block()).isEqualTo(1);

        RequestReceived request = onlyRequestFrom("pat.claims@example.org");
        assertThat(request.getVerification()).isEqualTo(VerificationMethod.EMAIL_CODE);
        assertThat(request.getSubject().getIdentifiers()).isEmpty();
        assertThat(request.getDetails().getDescription()).doesNotContain("M-1001").contains(messageId);
        assertThat(eventsOf(Topics.REQUESTS, request.getRequestId())).noneMatch(e -> e instanceof IdentityVerified);
        web().get().uri("/api/v1/requests/{id}", request.getRequestId())
                .header("X-Status-Token", statusToken((String) acknowledgementsTo("pat.claims@example.org").get(0).getContent()))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("AWAITING_IDENTITY")
                .jsonPath("$.identityVerifiedAt").doesNotExist();
    }

    @Test
    @Order(5)
    void anAutoReplyBecomesARequestButIsNeverAnsweredSoTwoMailboxesCannotAnswerEachOtherForEver() throws Exception {
        String messageId = deliver("Out Of Office <ooo@example.org>", "Automatic reply: Data protection request",
                Instant.parse("2026-11-26T12:00:00Z"), "I am away until Monday.", "Auto-Submitted", "auto-replied");

        assertThat(poller.pollAll().block()).isEqualTo(1);

        assertThat(onlyRequestFrom("ooo@example.org").getRight()).isEqualTo(Right.UNKNOWN);
        assertThat(seen(messageId)).isTrue();
        assertThat(acknowledgementsTo("ooo@example.org")).isEmpty();
    }

    @Test
    @Order(6)
    void withTheBrokerDownTheMailStaysUnseenAndUnacknowledgedForTheNextPoll() throws Exception {
        broker.destroy();
        String messageId = deliver("Sam Example <sam.down@example.org>", "Consent withdrawal",
                Instant.parse("2026-11-27T08:00:00Z"), "Withdraw, please.");

        assertThat(poller.pollAll().block(Duration.ofMinutes(2))).isZero();

        assertThat(seen(messageId)).isFalse();
        assertThat(acknowledgementsTo("sam.down@example.org")).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** A mail as it reaches the organisation's server, with the server's receipt time (INTERNALDATE). */
    private String deliver(String from, String subject, Instant receivedAt, String text, String... headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(MAILBOX));
        message.setSubject(subject);
        message.setText(text);
        message.setSentDate(Date.from(receivedAt.minusSeconds(60)));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        message.saveChanges();
        String messageId = message.getMessageID();
        MAIL.getManagers().getImapHostManager().getInbox(ORGANISATION).appendMessage(message, new Flags(), Date.from(receivedAt));
        return messageId;
    }

    private Store imap() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", MAIL.getImap().getPort(), MAILBOX, PASSWORD);
        return store;
    }

    private boolean seen(String messageId) throws Exception {
        return withMail(messageId, Folder.READ_ONLY, m -> m.isSet(Flags.Flag.SEEN));
    }

    private void markUnseen(String messageId) throws Exception {
        withMail(messageId, Folder.READ_WRITE, m -> {
            m.setFlag(Flags.Flag.SEEN, false);
            return null;
        });
    }

    /** Does something with one mail of the organisation's mailbox, found by its Message-ID through IMAP. */
    private <T> T withMail(String messageId, int mode, MailAction<T> action) throws Exception {
        try (Store store = imap()) {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(mode);
            try {
                for (Message m : inbox.getMessages()) {
                    String[] id = m.getHeader("Message-ID");
                    if (id != null && id[0].equals(messageId)) {
                        return action.apply(m);
                    }
                }
                throw new AssertionError("no such mail in the mailbox");
            } finally {
                inbox.close(false);
            }
        }
    }

    private interface MailAction<T> {
        T apply(Message message) throws Exception;
    }

    /** The acknowledgements that reached an address through SMTP (identity-code mails are not acknowledgements). */
    private List<MimeMessage> acknowledgementsTo(String address) throws Exception {
        List<MimeMessage> acks = new ArrayList<>();
        for (MimeMessage m : MAIL.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))
                    && m.getSubject().startsWith(ACK_SUBJECT)) {
                acks.add(m);
            }
        }
        return acks;
    }

    private static String statusToken(String acknowledgement) {
        Matcher m = Pattern.compile("status code:\\s+(\\S+)").matcher(acknowledgement);
        assertThat(m.find()).as("the acknowledgement gives the status code").isTrue();
        return m.group(1);
    }

    private RequestReceived onlyRequestFrom(String address) {
        List<RequestReceived> requests = new ArrayList<>();
        TopicReplay.replay(kafkaSettings, List.of(Topics.REQUESTS), r -> {
            if (r.value() instanceof RequestReceived e && address.equals(e.getSubject().getEmail())) {
                requests.add(e);
            }
        });
        assertThat(requests).as("requests from " + address).hasSize(1);
        return requests.get(0);
    }

    private List<SpecificRecord> eventsOf(String topic, String requestId) {
        List<SpecificRecord> events = new ArrayList<>();
        TopicReplay.replay(kafkaSettings, List.of(topic), r -> {
            if (requestId.equals(r.key())) {
                events.add(r.value());
            }
        });
        return events;
    }

    private WebTestClient web() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }
}
