package dev.rightsflow.connectors.databases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoServer;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.vendors.ConnectorContractTest;
import dev.rightsflow.schemas.testing.InProcessMongo;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The MongoDB connector against the in-process MongoDB-wire server through the real driver: a
 * membership database with members, survey responses (nulled out on erasure) and payments (kept
 * under an exemption).
 */
class MongoDbConnectorTest extends ConnectorContractTest {

    private static final TaskSubject ALEX = new TaskSubject(null, "Alex@Example.org", null, null, Map.of("membershipNumber", "1001"));
    private static final MongoDbConnector CONNECTOR = new MongoDbConnector();
    private static MongoServer server;
    private static MongoClient client;
    private static MongoDatabase db;

    @BeforeAll
    static void start() {
        server = InProcessMongo.start();
        client = MongoClients.create(InProcessMongo.uri(server));
        db = client.getDatabase("membership");
    }

    @AfterAll
    static void stop() {
        CONNECTOR.close();
        client.close();
        server.shutdownNow();
    }

    @Override
    protected Connector connector() {
        return CONNECTOR;
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("MEMBERS_MONGO", InProcessMongo.uri(server));
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("secretRef", "MEMBERS_MONGO");
        config.put("database", "membership");
        config.put("collections", "members, survey_responses, payments");
        config.put("connectTimeout", "PT1S");
        config.put("collection.members.match", "contact.email=email, memberNo=membershipNumber");
        config.put("collection.members.erase", "delete");
        config.put("collection.members.rectify", "surname=name.last, phone=contact.phone");
        config.put("collection.members.omit", "passwordHash");
        config.put("collection.members.category", "membership record");
        config.put("collection.survey_responses.match", "respondentEmail=email");
        config.put("collection.survey_responses.erase", "nullify(respondentEmail, respondentName)");
        config.put("collection.payments.match", "payerEmail=email");
        config.put("collection.payments.erase", "retain");
        config.put("collection.payments.exemption", "payment records kept six years for HMRC");
        config.put("collection.payments.legalBasis", "Art 17(3)(b) legal obligation");
        return config;
    }

    @BeforeEach
    void membershipDatabase() {
        Mono.from(db.drop()).block();
        insert("members",
                Document.parse("{_id: 1, memberNo: '1001', name: {first: 'Alex', last: 'Example'},"
                        + " contact: {email: 'alex@example.org', phone: '07700 900001'}, passwordHash: 'x$hash1'}"),
                Document.parse("{_id: 2, memberNo: 2002, name: {first: 'Sam', last: 'Other'},"
                        + " contact: {email: 'sam@example.org', phone: '07700 900002'}, passwordHash: 'x$hash2'}"));
        insert("survey_responses",
                Document.parse("{_id: 10, respondentEmail: 'ALEX@example.org', respondentName: 'Alex', answer: 'More evening events'}"),
                Document.parse("{_id: 11, respondentEmail: 'sam@example.org', respondentName: 'Sam', answer: 'Fine as it is'}"));
        insert("payments",
                Document.parse("{_id: 30, payerEmail: 'alex@example.org', amount: 25.0}"),
                Document.parse("{_id: 31, payerEmail: 'sam@example.org', amount: 25.0}"));
    }

    private static void insert(String collection, Document... documents) {
        Mono.from(db.getCollection(collection).insertMany(List.of(documents))).block();
    }

    private static List<Document> all(String collection) {
        return Flux.from(db.getCollection(collection).find().sort(Sorts.ascending("_id"))).collectList().block();
    }

    private Outcome run(Action action, TaskSubject subject, Map<String, String> secrets, TaskDetails details) {
        Map<String, String> config = config(null);
        assertThat(connector().validate(config)).isEmpty();
        return connector().execute(new ConnectorTask("5f1b7c2e-8d7a-3f0e-9a51-0c2d3e4f5a6b", "req-1", "members-mongo", action, "ERASURE",
                subject, details, List.of(), connector().config().parse(config), 1), context(secrets));
    }

    private Outcome run(Action action, TaskSubject subject) {
        return run(action, subject, secrets(), TaskDetails.none());
    }

    @Test
    void exportsTheSubjectsDocumentsPerCollectionAndNoOneElses() {
        Outcome outcome = run(Action.EXPORT, ALEX);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.summary()).contains("members: 1", "survey_responses: 1", "payments: 1");
            assertThat(done.exported()).extracting(ExportedRecord::category).containsExactly("membership record", "survey_responses", "payments");
            assertThat(done.exported().get(0).fields()).containsEntry("name", Map.of("first", "Alex", "last", "Example"))
                    .doesNotContainKey("passwordHash");
            assertThat(done.exported()).allSatisfy(r -> assertThat(r.fields().toString()).doesNotContain("Sam", "sam@example.org"));
        });
    }

    @Test
    void erasureDeletesNullsOutAndKeepsAsTheDataMapSays() {
        Outcome outcome = run(Action.ERASE, ALEX);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.recordsAffected()).isEqualTo(2);
            assertThat(done.summary()).contains("members: 1 deleted", "survey_responses: 1 found, 1 with respondentEmail, respondentName set to null",
                    "payments: 1 kept (Art 17(3)(b) legal obligation");
        });
        assertThat(all("members")).extracting(d -> d.get("_id")).containsExactly(2);
        assertThat(all("survey_responses").get(0)).containsEntry("respondentEmail", null).containsEntry("respondentName", null)
                .containsEntry("answer", "More evening events");
        assertThat(all("survey_responses").get(1)).containsEntry("respondentEmail", "sam@example.org");
        assertThat(all("payments")).hasSize(2);

        assertThat(run(Action.ERASE, ALEX)).isInstanceOfSatisfying(Outcome.Completed.class,
                again -> assertThat(again.recordsAffected()).isZero());
    }

    @Test
    void aNumberStoredAsANumberIsFoundByItsDigits() {
        Outcome outcome = run(Action.EXPORT, new TaskSubject(null, "someone@example.org", null, null, Map.of("membershipNumber", "2002")));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> assertThat(done.exported())
                .extracting(r -> r.fields().get("_id")).containsExactly(2));
    }

    @Test
    void rectificationSetsTheFieldsTheCorrectionNames() {
        Outcome outcome = run(Action.RECTIFY, ALEX, secrets(), new TaskDetails("wrong surname", "surname: Exampleton", null, false, List.of()));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> assertThat(done.recordsAffected()).isEqualTo(1));
        assertThat(all("members")).extracting(d -> d.get("name", Document.class).getString("last")).containsExactly("Exampleton", "Other");

        Outcome sentence = run(Action.RECTIFY, ALEX, secrets(), new TaskDetails("wrong", "my surname is wrong", null, false, List.of()));
        assertThat(sentence).isInstanceOf(Outcome.NeedsPerson.class);
    }

    @Test
    void hostileValuesInTheSubjectMatchNothingAndChangeNothing() {
        for (TaskSubject hostile : List.of(
                new TaskSubject(null, ".*", null, null, Map.of("membershipNumber", "{\"$ne\": null}")),
                new TaskSubject(null, "alex@example.org|.*", null, null, Map.of("membershipNumber", "{$gt: ''}")),
                new TaskSubject(null, "^sam", null, null, Map.of()))) {
            assertThat(run(Action.ERASE, hostile)).isInstanceOfSatisfying(Outcome.Completed.class,
                    done -> assertThat(done.subjectFound()).isFalse());
        }
        assertThat(all("members")).hasSize(2);
        assertThat(all("survey_responses")).allSatisfy(d -> assertThat(d.get("respondentEmail")).isNotNull());
    }

    @Test
    void fieldNamesInTheConfigurationCannotBeOperators() {
        Map<String, String> config = new LinkedHashMap<>(config(null));
        config.put("collection.members.match", "$where=email");
        config.put("collection.payments.erase", "nullify($set)");

        List<ConfigProblem> problems = connector().validate(config);

        assertThat(problems).extracting(ConfigProblem::key).contains("collection.members.match", "collection.payments.erase");
    }

    @Test
    void aServerThatIsDownIsRetriedLater() {
        int port = LocalDatabaseServer.freePort();
        Outcome outcome = run(Action.ERASE, ALEX, Map.of("MEMBERS_MONGO", "mongodb://127.0.0.1:" + port), TaskDetails.none());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetriableFailure.class, f -> assertThat(f.reason()).contains("members-mongo"));
        assertThat(all("members")).hasSize(2);
    }

    @Test
    void aSecretThatIsNoConnectionStringIsAPermanentFailure() {
        assertThat(run(Action.EXPORT, ALEX, Map.of("MEMBERS_MONGO", "jdbc:postgresql://x/y"), TaskDetails.none()))
                .isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(run(Action.EXPORT, ALEX, Map.of(), TaskDetails.none())).isInstanceOf(Outcome.PermanentFailure.class);
    }
}
