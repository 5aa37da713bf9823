package dev.rightsflow.connectors.vendors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.connectors.spi.ConnectorContext;
import dev.rightsflow.connectors.spi.ConnectorTask;
import dev.rightsflow.connectors.spi.Outcome;
import dev.rightsflow.connectors.spi.TaskDetails;
import dev.rightsflow.connectors.spi.TaskSubject;

/**
 * The contract every connector passes (Debezium-style: one abstract test, one subclass per
 * connector): discovered through ServiceLoader, configuration declared and validated before any
 * task, unsupported actions refused permanently. {@link HttpConnectorContractTest} adds the
 * vendor's answers, errors and rate limits against a local stub.
 */
public abstract class ConnectorContractTest {

    protected static final String TASK_ID = "5f1b7c2e-8d7a-3f0e-9a51-0c2d3e4f5a6b";
    protected static final TaskSubject SUBJECT = new TaskSubject("Alex Example", "Alex@Example.org", null, null,
            Map.of("membershipNumber", "M-1001", "hotjarUserId", "hj-42"));

    protected abstract Connector connector();

    /** A valid configuration for one system, against the given base URL. */
    protected abstract Map<String, String> config(String baseUrl);

    protected String baseUrl() {
        return "http://localhost:1";
    }

    protected Map<String, String> secrets() {
        return Map.of();
    }

    protected ConnectorTask task(Action action) {
        return task(action, "ERASURE");
    }

    protected ConnectorTask task(Action action, String right) {
        Connector connector = connector();
        return new ConnectorTask(TASK_ID, "req-1", "system-1", action, right, SUBJECT, TaskDetails.none(), List.of("contact"),
                connector.config().parse(config(baseUrl())), 1);
    }

    protected Outcome run(Action action) {
        return connector().execute(task(action), context(secrets()));
    }

    protected static ConnectorContext context(Map<String, String> secrets) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Clock clock = Clock.fixed(Instant.parse("2026-09-03T10:15:00Z"), ZoneOffset.UTC);
        return ConnectorContext.of(name -> Optional.ofNullable(secrets.get(name)), http, clock,
                (connector, taskId) -> Optional.of("https://rightsflow.example/connectors/callbacks/" + connector + "/" + taskId));
    }

    @Test
    void isDiscoveredByServiceLoaderUnderItsName() {
        List<String> names = ServiceLoader.load(Connector.class).stream().map(p -> p.get().name()).toList();
        assertThat(names).contains(connector().name());
        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void declaresEveryConfigurationKeyWithADescriptionAndNamesItsDocumentation() {
        assertThat(connector().documentation()).isNotBlank();
        assertThat(connector().config().keys()).allSatisfy(key -> assertThat(key.description()).isNotBlank());
        assertThat(connector().supports()).isNotEmpty();
    }

    @Test
    void aValidConfigurationPassesValidation() {
        assertThat(connector().validate(config(baseUrl()))).isEmpty();
    }

    @Test
    void missingRequiredKeysAreEachReportedBeforeAnyTaskRuns() {
        List<String> required = connector().config().keys().stream().filter(k -> k.required() && k.defaultValue() == null)
                .map(ConfigKey::name).toList();
        List<ConfigProblem> problems = connector().validate(Map.of());
        assertThat(problems).extracting(ConfigProblem::key).containsAll(required);
    }

    @Test
    void secretsAreReferencedByNameNeverGivenInline() {
        connector().config().keys().stream().filter(ConfigKey::secret).forEach(key -> {
            Map<String, String> config = new java.util.HashMap<>(config(baseUrl()));
            config.put(key.name(), "sk live/with spaces:and=secret");
            assertThat(connector().validate(config)).extracting(ConfigProblem::key).contains(key.name());
        });
    }

    @Test
    void anUnsupportedActionFailsPermanently() {
        Set<Action> unsupported = EnumSet.complementOf(EnumSet.copyOf(connector().supports()));
        for (Action action : unsupported) {
            assertThat(connector().execute(task(action), context(secrets()))).isInstanceOf(Outcome.PermanentFailure.class);
        }
    }
}
