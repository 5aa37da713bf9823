package dev.rightsflow.connectors.catalogue.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.vendors.ManualConnector;


class ConnectorCatalogueTest {

    @Test
    void findsEveryBuiltInConnector() {
        assertThat(ConnectorCatalogue.discover(getClass().getClassLoader()).all()).extracting(c -> c.name())
                .containsExactlyInAnyOrder("generic-rest", "hotjar", "mailchimp", "manual", "matomo", "opendsr", "qualtrics", "smartsurvey",
                        "postgresql", "mariadb", "mongodb");
    }

    @Test
    void twoConnectorsWithOneNameStopTheServiceAtStart() {
        assertThatThrownBy(() -> new ConnectorCatalogue(List.of(new ManualConnector(), new ManualConnector())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("manual");
    }
}
