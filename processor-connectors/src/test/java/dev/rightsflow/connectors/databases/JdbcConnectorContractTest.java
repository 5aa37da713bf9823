package dev.rightsflow.connectors.databases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;
import dev.rightsflow.connectors.vendors.ConnectorContractTest;

/**
 * What every JDBC database connector does against a real server (one subclass per database, each
 * with its {@link LocalDatabaseServer}): a membership database with members, their survey
 * responses (a foreign key to the member), an email log whose recipient is nulled out on erasure
 * and payments kept under an exemption. Find, export, erase and rectify as the data map says;
 * hostile values and hostile configuration change nothing; a database that is down is retried.
 */
abstract class JdbcConnectorContractTest extends ConnectorContractTest {

    static final TaskSubject ALEX = new TaskSubject(null, "Alex@Example.org", null, null, Map.of("membershipNumber", "1001"));

    protected abstract LocalDatabaseServer db();

    /** The connector under test, one per class (it holds the pools). */
    protected abstract JdbcConnector shared();

    @Override
    protected Connector connector() {
        return shared();
    }

    @Override
    protected Map<String, String> secrets() {
        return Map.of("MEMBERS_DB", db().jdbcUrl());
    }

    @Override
    protected Map<String, String> config(String baseUrl) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("secretRef", "MEMBERS_DB");
        config.put("tables", "members, survey_responses, email_log, payments");
        config.put("connectTimeout", "PT2S");
        config.put("table.members.match", "email=email, member_no=membershipNumber");
        config.put("table.members.erase", "delete");
        config.put("table.members.rectify", "surname=last_name, first_name, phone");
        config.put("table.members.omit", "password_hash");
        config.put("table.members.category", "membership record");
        config.put("table.survey_responses.via", "member_id=members.id");
        config.put("table.survey_responses.erase", "delete");
        config.put("table.survey_responses.category", "survey response");
        config.put("table.email_log.match", "recipient=email");
        config.put("table.email_log.erase", "nullify(recipient, recipient_name)");
        config.put("table.email_log.provenance", "OBSERVED");
        config.put("table.payments.match", "payer_email=email");
        config.put("table.payments.erase", "retain");
        config.put("table.payments.exemption", "payment records kept six years for HMRC");
        config.put("table.payments.legalBasis", "Art 17(3)(b) legal obligation");
        return config;
    }

    @BeforeEach
    void membershipDatabase() {
        db().execute("DROP TABLE IF EXISTS survey_responses", "DROP TABLE IF EXISTS payments", "DROP TABLE IF EXISTS email_log",
                "DROP TABLE IF EXISTS members",
                "CREATE TABLE members (id INTEGER PRIMARY KEY, member_no INTEGER NOT NULL, email VARCHAR(200), first_name VARCHAR(100),"
                        + " last_name VARCHAR(100), phone VARCHAR(40), password_hash VARCHAR(100), joined DATE)",
                "CREATE TABLE survey_responses (id INTEGER PRIMARY KEY, member_id INTEGER NOT NULL, survey VARCHAR(100),"
                        + " answer VARCHAR(1000), submitted TIMESTAMP, FOREIGN KEY (member_id) REFERENCES members (id))",
                "CREATE TABLE email_log (id INTEGER PRIMARY KEY, recipient VARCHAR(200), recipient_name VARCHAR(200),"
                        + " subject_line VARCHAR(200) NOT NULL, sent TIMESTAMP)",
                "CREATE TABLE payments (id INTEGER PRIMARY KEY, payer_email VARCHAR(200) NOT NULL, amount DECIMAL(10,2), paid DATE)",
                "INSERT INTO members VALUES (1, 1001, 'alex@example.org', 'Alex', 'Example', '07700 900001', 'x$hash1', DATE '2020-01-15')",
                "INSERT INTO members VALUES (2, 2002, 'sam@example.org', 'Sam', 'Other', '07700 900002', 'x$hash2', DATE '2021-03-01')",
                "INSERT INTO survey_responses VALUES (10, 1, 'AGM 2026', 'More evening events', TIMESTAMP '2026-05-01 10:00:00')",
                "INSERT INTO survey_responses VALUES (11, 1, 'Newsletter', 'Monthly is fine', TIMESTAMP '2026-06-01 09:30:00')",
                "INSERT INTO survey_responses VALUES (12, 2, 'AGM 2026', 'Fine as it is', TIMESTAMP '2026-05-02 11:00:00')",
                "INSERT INTO email_log VALUES (20, 'ALEX@example.org', 'Alex Example', 'Welcome', TIMESTAMP '2020-01-15 12:00:00')",
                "INSERT INTO email_log VALUES (21, 'sam@example.org', 'Sam Other', 'Welcome', TIMESTAMP '2021-03-01 12:00:00')",
                "INSERT INTO payments VALUES (30, 'alex@example.org', 25.00, DATE '2026-01-01')",
                "INSERT INTO payments VALUES (31, 'sam@example.org', 25.00, DATE '2026-01-01')");
    }

    private ConnectorTask task(Action action, TaskSubject subject, Map<String, String> config, TaskDetails details) {
        return new ConnectorTask("5f1b7c2e-8d7a-3f0e-9a51-0c2d3e4f5a6b", "req-1", "members-db", action, "ERASURE", subject, details,
                List.of("membership"), connector().config().parse(config), 1);
    }

    private Outcome run(Action action, TaskSubject subject) {
        return run(action, subject, config(null), Map.of("MEMBERS_DB", db().jdbcUrl()), TaskDetails.none());
    }

    private Outcome run(Action action, TaskSubject subject, Map<String, String> config, Map<String, String> secrets, TaskDetails details) {
        assertThat(connector().validate(config)).as("configuration problems").isEmpty();
        return connector().execute(task(action, subject, config, details), context(secrets));
    }

    private static TaskDetails correction(String text) {
        return new TaskDetails("my details are wrong", text, null, false, List.of());
    }

    @Test
    void exportsTheSubjectsRowsPerTableAndNoOneElses() {
        Outcome outcome = run(Action.EXPORT, ALEX);

        assertThat(outcome).isInstanceOf(Outcome.Completed.class);
        Outcome.Completed done = (Outcome.Completed) outcome;
        assertThat(done.subjectFound()).isTrue();
        assertThat(done.summary()).contains("members: 1", "survey_responses: 2", "email_log: 1", "payments: 1");
        assertThat(done.exported()).extracting(ExportedRecord::category)
                .containsExactly("membership record", "survey response", "survey response", "email_log", "payments");
        ExportedRecord member = done.exported().get(0);
        assertThat(member.fields()).containsEntry("first_name", "Alex").containsEntry("joined", "2020-01-15")
                .doesNotContainKey("password_hash");
        assertThat(done.exported().get(1).fields()).containsEntry("answer", "More evening events")
                .containsEntry("submitted", "2026-05-01T10:00");
        assertThat(done.exported().get(3).provenance()).isEqualTo(ExportedRecord.Provenance.OBSERVED);
        assertThat(done.exported()).allSatisfy(r -> assertThat(r.fields().values()).doesNotContain("Sam", "sam@example.org", "Fine as it is"));
    }

    @Test
    void aSubjectTheDatabaseDoesNotHoldIsNotFound() {
        Outcome outcome = run(Action.EXPORT, new TaskSubject(null, "nobody@example.org", null, null, Map.of()));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.subjectFound()).isFalse();
            assertThat(done.exported()).isEmpty();
        });
    }

    @Test
    void erasureDeletesNullsOutAndKeepsAsTheDataMapSaysAndARepeatChangesNothing() {
        Outcome outcome = run(Action.ERASE, ALEX);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.subjectFound()).isTrue();
            assertThat(done.recordsAffected()).as("1 member, 2 responses deleted, 1 log entry nulled").isEqualTo(4);
            assertThat(done.summary()).contains("members: 1 deleted", "survey_responses: 2 deleted",
                    "email_log: 1 found, 1 with recipient, recipient_name set to null",
                    "payments: 1 kept (Art 17(3)(b) legal obligation: payment records kept six years for HMRC)")
                    .doesNotContain("alex", "Alex");
        });
        assertThat(db().query("SELECT id FROM members ORDER BY id")).containsExactly("2");
        assertThat(db().query("SELECT id FROM survey_responses ORDER BY id")).containsExactly("12");
        assertThat(db().query("SELECT COALESCE(recipient, '-') FROM email_log ORDER BY id")).containsExactly("-", "sam@example.org");
        assertThat(db().query("SELECT subject_line FROM email_log ORDER BY id")).containsExactly("Welcome", "Welcome");
        assertThat(db().query("SELECT payer_email FROM payments ORDER BY id")).containsExactly("alex@example.org", "sam@example.org");

        Outcome again = run(Action.ERASE, ALEX);

        assertThat(again).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.recordsAffected()).isZero();
            assertThat(done.summary()).contains("members: 0 deleted", "payments: 1 kept");
        });
        assertThat(db().query("SELECT id FROM members ORDER BY id")).containsExactly("2");
    }

    @Test
    void anErasureAForeignKeyStopsChangesNothingAndAsksAPerson() {
        Map<String, String> config = config(null);
        config.put("tables", "email_log, members");
        config.keySet().removeIf(k -> k.startsWith("table.survey_responses.") || k.startsWith("table.payments."));

        Outcome outcome = run(Action.ERASE, ALEX, config, secrets(), TaskDetails.none());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.NeedsPerson.class, person -> assertThat(person.instructions())
                .contains("members", "nothing was changed").doesNotContain("alex"));
        assertThat(db().query("SELECT recipient FROM email_log WHERE id = 20")).as("the earlier nulling was rolled back")
                .containsExactly("ALEX@example.org");
        assertThat(db().query("SELECT id FROM members ORDER BY id")).containsExactly("1", "2");
    }

    @Test
    void rectificationSetsTheColumnsTheCorrectionNamesOnTheSubjectsRowOnly() {
        Outcome outcome = run(Action.RECTIFY, ALEX, config(null), secrets(), correction("Surname: Exampleton\nphone: 07700 900999"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Completed.class, done -> {
            assertThat(done.recordsAffected()).isEqualTo(1);
            assertThat(done.summary()).contains("members: 1 row, last_name, phone");
        });
        assertThat(db().query("SELECT CONCAT(last_name, CONCAT(' ', phone)) FROM members ORDER BY id"))
                .containsExactly("Exampleton 07700 900999", "Other 07700 900002");

        Outcome json = run(Action.RECTIFY, ALEX, config(null), secrets(), correction("{\"first_name\": \"Alexandra\"}"));
        assertThat(json).isInstanceOf(Outcome.Completed.class);
        assertThat(db().query("SELECT first_name FROM members ORDER BY id")).containsExactly("Alexandra", "Sam");
    }

    @Test
    void aCorrectionAMachineCannotApplyGoesToAPersonAndChangesNothing() {
        Outcome sentence = run(Action.RECTIFY, ALEX, config(null), secrets(), correction("Please change my surname to Exampleton"));
        Outcome unknownField = run(Action.RECTIFY, ALEX, config(null), secrets(), correction("surname: Exampleton\nemail: new@example.org"));

        assertThat(sentence).isInstanceOfSatisfying(Outcome.NeedsPerson.class, p -> assertThat(p.instructions())
                .contains("surname, first_name, phone").doesNotContain("Exampleton"));
        assertThat(unknownField).isInstanceOfSatisfying(Outcome.NeedsPerson.class, p -> assertThat(p.instructions())
                .contains("nothing was changed").doesNotContain("new@example.org"));
        assertThat(db().query("SELECT last_name FROM members ORDER BY id")).containsExactly("Example", "Other");
    }

    @Test
    void hostileValuesInTheSubjectMatchNothingAndChangeNothing() {
        for (TaskSubject hostile : List.of(
                new TaskSubject(null, "x' OR '1'='1", null, null, Map.of("membershipNumber", "2002 OR 1=1")),
                new TaskSubject(null, "sam@example.org' --", null, null, Map.of("membershipNumber", "2002; DROP TABLE members; --")),
                new TaskSubject(null, "%", null, null, Map.of("membershipNumber", "2002abc")))) {
            assertThat(run(Action.ERASE, hostile)).isInstanceOfSatisfying(Outcome.Completed.class,
                    done -> assertThat(done.subjectFound()).as("nothing matched").isFalse());
        }
        assertThat(db().query("SELECT id FROM members ORDER BY id")).containsExactly("1", "2");
        assertThat(db().query("SELECT COUNT(*) FROM survey_responses")).containsExactly("3");
        assertThat(db().query("SELECT COUNT(*) FROM email_log WHERE recipient IS NOT NULL")).containsExactly("2");
    }

    @Test
    void hostileIdentifiersInTheConfigurationAreRefusedBeforeAnySqlRuns() {
        Map<String, String> config = new HashMap<>(config(null));
        config.put("tables", "members; DROP TABLE members, email_log, payments, survey_responses");
        config.put("table.email_log.match", "recipient = recipient OR 1=1 --=email");
        config.put("table.payments.erase", "nullify(payer_email) WHERE 1=1; --)");
        config.put("schema", "public\"; DROP TABLE members; --");

        List<ConfigProblem> problems = connector().validate(config);

        assertThat(problems).extracting(ConfigProblem::key).contains("tables", "table.email_log.match", "table.payments.erase", "schema");
        Outcome outcome = connector().execute(new ConnectorTask("t-1", "req-1", "members-db", Action.ERASE, "ERASURE", ALEX, TaskDetails.none(),
                List.of(), connector().config().parse(config), 1), context(secrets()));
        assertThat(outcome).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(db().query("SELECT COUNT(*) FROM members")).containsExactly("2");
    }

    @Test
    void aDatabaseThatIsDownIsRetriedLater() {
        long started = System.nanoTime();
        Outcome outcome = run(Action.ERASE, ALEX, config(null), Map.of("MEMBERS_DB", db().downUrl()), TaskDetails.none());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.RetriableFailure.class, failure -> assertThat(failure.reason())
                .contains("members-db", "unavailable"));
        assertThat((System.nanoTime() - started) / 1_000_000).as("within the connect timeout (PT2S) and a little").isLessThan(8_000);
    }

    @Test
    void rejectedCredentialsAreAPermanentFailureNamingTheSecret() {
        Outcome outcome = run(Action.EXPORT, ALEX, config(null), Map.of("MEMBERS_DB", db().wrongPasswordUrl()), TaskDetails.none());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, failure -> assertThat(failure.reason())
                .contains("check the secret").doesNotContain(LocalDatabaseServer.PASSWORD, "not-the-password"));
    }

    @Test
    void aTableTheDatabaseDoesNotHaveIsAConfigurationError() {
        Map<String, String> config = config(null);
        config.put("tables", "members, volunteers");
        config.put("table.volunteers.match", "email=email");
        config.put("table.volunteers.erase", "delete");
        config.keySet().removeIf(k -> k.startsWith("table.survey_responses.") || k.startsWith("table.payments.") || k.startsWith("table.email_log."));

        Outcome outcome = run(Action.ERASE, ALEX, config, secrets(), TaskDetails.none());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class, failure -> assertThat(failure.reason())
                .contains("table volunteers", "fix the registry"));
        assertThat(db().query("SELECT COUNT(*) FROM members")).containsExactly("2");
    }

    @Test
    void aSubjectWithoutTheIdentifiersATableIsSearchedByGoesToAPerson() {
        Outcome outcome = run(Action.ERASE, new TaskSubject("Alex Example", null, null, null, Map.of()));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.NeedsPerson.class, person -> assertThat(person.instructions())
                .contains("members", "email_log", "payments"));
        assertThat(db().query("SELECT COUNT(*) FROM members")).containsExactly("2");
    }

    @Test
    void aMissingSecretOrOneForAnotherDatabaseIsAPermanentFailure() {
        assertThat(run(Action.EXPORT, ALEX, config(null), Map.of(), TaskDetails.none())).isInstanceOfSatisfying(
                Outcome.PermanentFailure.class, f -> assertThat(f.reason()).contains("MEMBERS_DB"));
        assertThat(run(Action.EXPORT, ALEX, config(null), Map.of("MEMBERS_DB", "jdbc:h2:mem:x"), TaskDetails.none()))
                .isInstanceOf(Outcome.PermanentFailure.class);
    }
}
