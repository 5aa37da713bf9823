package dev.rightsflow.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.ConfigDef;
import dev.rightsflow.connectors.spi.ConfigKey;
import dev.rightsflow.connectors.spi.ConfigProblem;
import dev.rightsflow.connectors.spi.ConnectorConfig;


/** The SPI's configuration declaration: what a connector's validation reports before any task runs. */
class ConfigDefTest {

    private final ConfigDef def = ConfigDef.of(
            ConfigKey.required("baseUrl", ConfigKey.Type.URL, "API root"),
            ConfigKey.required("secretRef", ConfigKey.Type.SECRET_REF, "key name"),
            ConfigKey.optional("pageSize", ConfigKey.Type.INT, "100", "page size"),
            ConfigKey.optional("archive", ConfigKey.Type.BOOLEAN, "false", "archive instead"),
            ConfigKey.optional("pollEvery", ConfigKey.Type.DURATION, "PT1H", "poll"),
            ConfigKey.optional("surveys", ConfigKey.Type.LIST, null, "ids"));

    @Test
    void eachBadValueIsReportedAgainstItsKey() {
        var problems = def.validate(Map.of("baseUrl", "ftp://files", "secretRef", "my secret!", "pageSize", "ten",
                "archive", "maybe", "pollEvery", "hourly"));
        assertThat(problems).extracting(ConfigProblem::key).containsExactly("baseUrl", "secretRef", "pageSize", "archive", "pollEvery");
    }

    @Test
    void missingRequiredKeysAreReportedAndUndeclaredKeysAreAllowed() {
        assertThat(def.validate(Map.of("art15.retention", "7 years"))).extracting(ConfigProblem::key).containsExactly("baseUrl", "secretRef");
    }

    @Test
    void parsedConfigurationAppliesDefaultsAndTypes() {
        ConnectorConfig config = def.parse(Map.of("baseUrl", "https://api.example.org", "secretRef", "KEY", "surveys", " 1, 2 ,,3 ",
                "map.first", "First name"));
        assertThat(config.integer("pageSize")).isEqualTo(100);
        assertThat(config.bool("archive")).isFalse();
        assertThat(config.duration("pollEvery")).isEqualTo(Duration.ofHours(1));
        assertThat(config.list("surveys")).containsExactly("1", "2", "3");
        assertThat(config.withPrefix("map.")).containsEntry("first", "First name");
    }

    @Test
    void aKeyDeclaredTwiceIsAProgrammingError() {
        assertThatThrownBy(() -> ConfigDef.of(ConfigKey.required("a", ConfigKey.Type.STRING, "x"), ConfigKey.required("a", ConfigKey.Type.INT, "y")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
