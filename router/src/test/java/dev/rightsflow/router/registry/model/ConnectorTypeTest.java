package dev.rightsflow.router.registry.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.rightsflow.router.registry.application.RegistryCodec;
import dev.rightsflow.schemas.model.Action;

/**
 * The router's reading of the connectors' declared capabilities (the catalogue in schemas, which processor-connectors'
 * {@code ConnectorCapabilitiesTest} keeps equal to the connectors' own declarations and to its README): every
 * connector the seed registry names is declared, and what a connector cannot do is explained in words.
 */
class ConnectorTypeTest {

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
}
