package dev.rightsflow.router.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.rightsflow.router.application.RegistryCodec;

/**
 * The router's table of connector types against the one the connectors service publishes: the
 * "Connectors and their configuration" table of {@code processor-connectors/README.md} (read from
 * the checkout; the router does not depend on that module).
 */
class ConnectorTypeTest {

    private static final Path CONNECTORS_README = Path.of("..", "processor-connectors", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|([^|]*)\\|([^|]*)\\|(.*)\\|$");
    private static final Pattern WORD = Pattern.compile("\\b[A-Z][A-Z_]+\\b");

    record ReadmeRow(Set<Action> actions, String keys) {
    }

    @Test
    void theTableMatchesTheActionsInTheConnectorsReadme() throws IOException {
        Map<String, ReadmeRow> readme = readmeTable();
        assertThat(readme.keySet()).as("connector types in processor-connectors/README.md")
                .containsExactlyInAnyOrderElementsOf(ConnectorType.names());
        for (ConnectorType type : ConnectorType.TYPES) {
            assertThat(type.actions()).as("actions of %s", type.name())
                    .containsExactlyInAnyOrderElementsOf(readme.get(type.name()).actions());
            type.actionKeys().values().forEach(key -> assertThat(readme.get(type.name()).keys())
                    .as("configuration keys of %s", type.name()).contains("`" + key + "`"));
        }
    }

    @Test
    void everyConnectorTheSeedRegistryNamesIsInTheTable() throws IOException {
        List<Organisation> seed;
        try (InputStream in = ConnectorTypeTest.class.getResourceAsStream("/registry/seed-registry.yml")) {
            seed = new RegistryCodec().readSeed(in);
        }
        Set<String> named = seed.stream().flatMap(o -> java.util.stream.Stream.concat(
                o.systems().stream().map(Organisation.DataSystem::connector),
                o.recipients().stream().map(Organisation.Recipient::connector))).collect(Collectors.toSet());
        assertThat(named).isNotEmpty().allSatisfy(name -> assertThat(ConnectorType.of(name)).as(name).isPresent());
    }

    @Test
    void anActionTheConnectorCannotDoIsExplained() {
        assertThat(ConnectorType.whyNot("qualtrics", Action.RECTIFY, Map.of()))
                .hasValue("its qualtrics connector cannot rectify (the API cannot)");
        assertThat(ConnectorType.whyNot("qualtrics", Action.ERASE, Map.of())).isEmpty();
        assertThat(ConnectorType.whyNot("manual", Action.NOTIFY_RECIPIENT, Map.of())).isEmpty();
        assertThat(ConnectorType.whyNot("telepathy", Action.ERASE, Map.of())).get().asString()
                .contains("no 'telepathy' connector");
    }

    @Test
    void genericRestCanOnlyDoAnActionWhosePathIsConfigured() {
        assertThat(ConnectorType.whyNot("generic-rest", Action.RESTRICT, Map.of("baseUrl", "http://localhost")))
                .get().asString().contains("restrictPath");
        assertThat(ConnectorType.whyNot("generic-rest", Action.RESTRICT,
                Map.of("baseUrl", "http://localhost", "restrictPath", "/contacts/{id}/restriction"))).isEmpty();
        assertThat(ConnectorType.whyNot("generic-rest", Action.ERASE, Map.of("baseUrl", "http://localhost")))
                .as("erasePath has a default").isEmpty();
    }

    /** Connector name → the actions its row names ("every action" for manual) and its keys column. */
    private static Map<String, ReadmeRow> readmeTable() throws IOException {
        assertThat(CONNECTORS_README).as("processor-connectors/README.md next to the router module").exists();
        List<String> lines = Files.readAllLines(CONNECTORS_README);
        int from = lines.indexOf("## Connectors and their configuration");
        assertThat(from).as("the README's connector table heading").isNotNegative();
        Map<String, ReadmeRow> rows = new LinkedHashMap<>();
        for (String line : lines.subList(from, lines.size())) {
            if (line.startsWith("## ") && !rows.isEmpty()) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String actionsColumn = m.group(3);
            Set<Action> actions = EnumSet.noneOf(Action.class);
            if (actionsColumn.contains("every action")) {
                actions.addAll(EnumSet.allOf(Action.class));
            }
            Matcher word = WORD.matcher(actionsColumn);
            while (word.find()) {
                String w = word.group();
                if (Arrays.stream(Action.values()).anyMatch(a -> a.name().equals(w))) {
                    actions.add(Action.valueOf(w));
                }
            }
            rows.put(m.group(1), new ReadmeRow(actions, m.group(4)));
        }
        return rows;
    }
}
