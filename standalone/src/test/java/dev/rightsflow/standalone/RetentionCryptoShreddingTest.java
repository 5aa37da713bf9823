package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;

import dev.rightsflow.router.events.model.Actor;
import dev.rightsflow.router.registry.application.RegistryService;
import dev.rightsflow.router.cases.kafka.RetentionSchedule;
import dev.rightsflow.router.registry.model.Organisation;
import dev.rightsflow.schemas.Events;
import dev.rightsflow.schemas.Topics;
import dev.rightsflow.schemas.avro.RequestReceived;
import dev.rightsflow.schemas.avro.TaskDispatched;
import dev.rightsflow.schemas.kafka.KafkaSettings;
import dev.rightsflow.schemas.kafka.TopicReplay;
import dev.rightsflow.schemas.privacy.PersonalDataCipher;
import reactor.core.publisher.Flux;

/**
 * Crypto-shredding end to end, on the whole standalone: a citizen's erasure request is carried out and closed;
 * once its controller's retention period for request records has ended, the router's retention job deletes the
 * request's data key. Then neither any topic (read raw, value and headers) nor any MongoDB collection of any
 * service holds the requester's name, email, identifier or free text, every service reads the request's events
 * as blank, the audit trail records the erasure, and the request's audit chain still verifies.
 */
class RetentionCryptoShreddingTest {

    private static final String NAME = "Robin Retention";
    private static final String EMAIL = "robin.retention@example.org";
    private static final String MEMBER_NUMBER = "NS-447120";
    private static final String FREE_TEXT = "Please remove my records; I moved to Carlisle in March";

    @RegisterExtension
    static final SharedSystem shared = SharedSystem.WITH_DEMO_DATA;
    static RunningSystem system;

    @BeforeAll
    static void start() {
        system = shared.system();
    }

    @Test
    void aClosedRequestPastItsRetentionCannotBeReadBackAnywhereAndItsAuditChainStillVerifies() {
        Scenario staff = new Scenario(system.http);
        await("the dashboard shows the trust's demo case").atMost(Duration.ofSeconds(90))
                .until(() -> Scenario.list(staff.staffCases()), cases -> !cases.isEmpty());
        String requestId = staff.erasureThroughTheProcessorIsCarriedOut(
                Map.of("name", NAME, "email", EMAIL, "identifiers", Map.of("membershipNumber", MEMBER_NUMBER)),
                Map.of("description", FREE_TEXT)).getKey().requestId();
        KafkaSettings kafka = system.context.getBean(KafkaSettings.class);
        assertThat(requestEvent(kafka, requestId).getSubject().getEmail())
                .as("readable by the services while the request is kept").isEqualTo(EMAIL);
        List<TaskDispatched> tasks = events(kafka, Topics.TASKS, requestId, TaskDispatched.class);
        assertThat(tasks).as("tasks carry no free text").isNotEmpty()
                .allSatisfy(t -> assertThat(t.getDetails().getDescription()).isNull());
        Scan sealed = scanTopics(kafka, requestId);
        assertThat(sealed.recordsOfTheRequest()).as("the request's records were read").isGreaterThan(5);
        assertThat(sealed.plainText()).as("on the topics the personal data is sealed from the start").isEmpty();
        assertThat(plainTextInMongo()).as("the services' own stores hold it while the request is kept").isNotEmpty();

        staff.staffAction(requestId, "close", Map.of("outcome", "ANSWERED", "summary", "Erasure confirmed by letter"));
        RegistryService registry = system.context.getBean("routerRegistryService", RegistryService.class);
        Organisation trust = registry.current().organisation("northshire-nhs-ft").orElseThrow();
        registry.edit(trust.withRequestRetentionDays(0), new Actor(Actor.Kind.SYSTEM, "retention-test", null));
        RetentionSchedule retention = system.context.getBean("routerRetentionSchedule", RetentionSchedule.class);
        await("the case is closed and its retention (0 days) has ended").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> retention.checkNow() > 0
                        || auditTypes(staff, requestId).contains("PersonalDataErased"));

        await("the audit trail records the erasure").atMost(Duration.ofSeconds(30))
                .until(() -> auditTypes(staff, requestId).contains("PersonalDataErased"));
        assertThat(staff.audit("/api/v1/audit/{id}/verification", requestId).path("intact").asBoolean())
                .as("the audit chain still verifies").isTrue();

        Scan erasedScan = scanTopics(kafka, requestId);
        assertThat(erasedScan.recordsOfTheRequest()).isGreaterThan(sealed.recordsOfTheRequest());
        assertThat(erasedScan.plainText()).as("raw records on every topic").isEmpty();
        RequestReceived erased = requestEvent(kafka, requestId);
        assertThat(erased.getSubject()).isEqualTo(PersonalDataCipher.blankSubject());
        assertThat(erased.getDetails().getDescription()).isNull();
        assertThat(erased.getOrganisationId()).as("what is not personal stays readable").isEqualTo("mes");
        assertThat(events(kafka, Topics.TASKS, requestId, TaskDispatched.class))
                .allSatisfy(t -> assertThat(t.getSubject()).isEqualTo(PersonalDataCipher.blankSubject()));
        await("every service blanked its own store").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(plainTextInMongo()).isEmpty());
        // and no old copy stays in the store's file (the default, disk store): its dead pages held them until the
        // commit after the erasure rewrote the file (within a commit interval, 30 s, and a minute after the last rewrite)
        java.nio.file.Path storeFile = system.dataDir.resolve("mongo").resolve(dev.rightsflow.schemas.embedded.IndexedDiskBackend.FILE_NAME);
        assertThat(storeFile).as("the standalone runs the disk store").isRegularFile();
        await("no old copy of the personal data in the raw store file").atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(2)).until(() -> {
                    String raw = new String(java.nio.file.Files.readAllBytes(storeFile), java.nio.charset.StandardCharsets.ISO_8859_1);
                    return java.util.stream.Stream.of(NAME, EMAIL, MEMBER_NUMBER, FREE_TEXT).map(
                            t -> new String(t.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .noneMatch(raw::contains);
                });
    }

    private static List<String> auditTypes(Scenario staff, String requestId) {
        return Scenario.list(staff.audit("/api/v1/audit/{id}", requestId)).stream()
                .map(e -> e.path("sourceEventType").asText()).toList();
    }

    private static RequestReceived requestEvent(KafkaSettings kafka, String requestId) {
        return events(kafka, Topics.REQUESTS, requestId, RequestReceived.class).get(0);
    }

    private static <T extends SpecificRecord> List<T> events(KafkaSettings kafka, String topic, String requestId,
            Class<T> type) {
        List<T> out = new ArrayList<>();
        TopicReplay.replay(kafka, List.of(topic), r -> {
            if (requestId.equals(r.key()) && type.isInstance(r.value())) {
                out.add(type.cast(r.value()));
            }
        });
        return out;
    }

    /** What a raw read of every record of every topic (value and headers) found. */
    private record Scan(int recordsOfTheRequest, List<String> plainText) {
    }

    /** Where on which topic the requester's data shows in clear: every record of every topic, value and headers. */
    private static Scan scanTopics(KafkaSettings kafka, String requestId) {
        List<String> found = new ArrayList<>();
        int ofTheRequest = 0;
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()));
                var consumer = new KafkaConsumer<byte[], byte[]>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : admin.listTopics().names().get()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        StringBuilder text = new StringBuilder(latin1(record.value()));
                        for (Header header : record.headers()) {
                            text.append(latin1(header.value()));
                        }
                        personal(text.toString()).forEach(p -> found.add(topic + ": " + p));
                        if (record.key() != null && requestId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                            ofTheRequest++;
                        }
                    }
                }
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        }
        return new Scan(ofTheRequest, found);
    }

    /** Where in which database and collection of the embedded MongoDB the requester's data shows in clear. */
    private static List<String> plainTextInMongo() {
        List<String> found = new ArrayList<>();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + system.env.get("RIGHTSFLOW_MONGO_PORT"))) {
            for (String database : Flux.from(client.listDatabaseNames()).collectList().block(Duration.ofSeconds(30))) {
                var db = client.getDatabase(database);
                for (String collection : Flux.from(db.listCollectionNames()).collectList().block(Duration.ofSeconds(30))) {
                    for (Document doc : Flux.from(db.getCollection(collection).find()).collectList()
                            .block(Duration.ofSeconds(30))) {
                        personal(doc.toJson() + latin1(binaries(doc)))
                                .forEach(p -> found.add(database + "." + collection + ": " + p));
                    }
                }
            }
        }
        return found;
    }

    /** The request as the router keeps it is a binary field: its bytes are searched too. */
    private static byte[] binaries(Document doc) {
        var out = new java.io.ByteArrayOutputStream();
        doc.values().forEach(v -> {
            if (v instanceof org.bson.types.Binary b) {
                out.writeBytes(b.getData());
            } else if (v instanceof Document d) {
                out.writeBytes(binaries(d));
            }
        });
        return out.toByteArray();
    }

    private static List<String> personal(String text) {
        return Stream.of(NAME, EMAIL, MEMBER_NUMBER, FREE_TEXT).filter(text::contains).toList();
    }

    private static String latin1(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
