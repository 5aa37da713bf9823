package dev.rightsflow.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.catalogue.application.ConnectorCatalogue;
import dev.rightsflow.connectors.spi.Connector;
import dev.rightsflow.schemas.model.Action;
import dev.rightsflow.schemas.model.ConnectorCapabilities;

/**
 * Each connector's {@code capabilities()} is the one declaration of what it can do. The router plans from the
 * catalogue in schemas, which is generated from these declarations: this test fails when the two differ and rewrites
 * the catalogue when run with {@code -Drightsflow.write-catalogue=true}. The README's connector table is checked
 * against the same declarations.
 */
class ConnectorCapabilitiesTest {

    private static final Path CATALOGUE = Path.of("..", "schemas", "src", "main", "resources")
            .resolve(ConnectorCapabilities.CATALOGUE.substring(1));
    private static final Path README = Path.of("README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|([^|]*)\\|([^|]*)\\|(.*)\\|$");
    private static final Pattern WORD = Pattern.compile("\\b[A-Z][A-Z_]+\\b");

    private static List<ConnectorCapabilities> declared() {
        try (ConnectorCatalogue installed = ConnectorCatalogue.discover(ConnectorCapabilitiesTest.class.getClassLoader())) {
            return installed.all().stream().map(Connector::capabilities)
                    .sorted(Comparator.comparing(ConnectorCapabilities::name)).toList();
        }
    }

    @Test
    void theCatalogueTheRouterPlansFromIsTheConnectorsOwnDeclaration() throws IOException {
        List<ConnectorCapabilities> declared = declared();
        String text = ConnectorCapabilities.render(declared);
        if (Boolean.getBoolean("rightsflow.write-catalogue")) {
            Files.writeString(CATALOGUE, text, StandardCharsets.ISO_8859_1);
        }
        assertThat(CATALOGUE).as("the catalogue in schemas, next to this module").exists();
        assertThat(Files.readString(CATALOGUE, StandardCharsets.ISO_8859_1))
                .as("%s is generated from the connectors' capabilities(); rewrite it with"
                        + " ./mvnw -o -q -pl processor-connectors -am test -Dtest=ConnectorCapabilitiesTest"
                        + " -Dsurefire.failIfNoSpecifiedTests=false -Drightsflow.write-catalogue=true", CATALOGUE)
                .isEqualTo(text);
        assertThat(ConnectorCapabilities.catalogue()).as("the catalogue as the router reads it from the class path")
                .containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void everyConnectorDeclaresItsOwnNameAndAtLeastOneAction() {
        try (ConnectorCatalogue installed = ConnectorCatalogue.discover(ConnectorCapabilitiesTest.class.getClassLoader())) {
            assertThat(installed.all()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.capabilities().name()).isEqualTo(c.name());
                assertThat(c.supports()).as(c.name()).isNotEmpty().isEqualTo(c.capabilities().actions());
                c.capabilities().actionKeys().values().forEach(key -> assertThat(c.config().key(key))
                        .as("%s declares the key %s an action needs", c.name(), key).isPresent());
            });
        }
    }

    @Test
    void theReadmeTableNamesWhatEachConnectorDeclares() throws IOException {
        Map<String, String[]> readme = readmeTable();
        List<ConnectorCapabilities> declared = declared();
        assertThat(readme.keySet()).as("connectors in README.md's table")
                .containsExactlyInAnyOrderElementsOf(declared.stream().map(ConnectorCapabilities::name).toList());
        for (ConnectorCapabilities c : declared) {
            assertThat(actionsNamed(readme.get(c.name())[0])).as("actions of %s in README.md", c.name())
                    .containsExactlyInAnyOrderElementsOf(c.actions());
            c.actionKeys().values().forEach(key -> assertThat(readme.get(c.name())[1])
                    .as("configuration keys of %s in README.md", c.name()).contains("`" + key + "`"));
        }
    }

    /** The actions a row's actions column names ("every action" for manual). */
    private static Set<Action> actionsNamed(String column) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        if (column.contains("every action")) {
            actions.addAll(EnumSet.allOf(Action.class));
        }
        Matcher word = WORD.matcher(column);
        while (word.find()) {
            String w = word.group();
            if (Arrays.stream(Action.values()).anyMatch(a -> a.name().equals(w))) {
                actions.add(Action.valueOf(w));
            }
        }
        return actions;
    }

    /** Connector name → its actions column and its keys column, from "Connectors and their configuration". */
    private static Map<String, String[]> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(README);
        int from = lines.indexOf("## Connectors and their configuration");
        assertThat(from).as("the README's connector table heading").isNotNegative();
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : lines.subList(from, lines.size())) {
            if (line.startsWith("## ") && !rows.isEmpty()) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.put(m.group(1), new String[] {m.group(3), m.group(4)});
            }
        }
        return rows;
    }
}
