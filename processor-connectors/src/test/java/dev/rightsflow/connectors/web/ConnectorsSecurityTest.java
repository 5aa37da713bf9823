package dev.rightsflow.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorsSecurityTest {

    @Test
    void onlyTheOperatorsPathsUnderConnectorsNeedTheToken() {
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectors/dead-letters")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectors/tasks/t-1")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectors/rebuild")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectors")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectors/callbacks/opendsr/t-1")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/packages/p-1")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/connectorsx/anything")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/dashboard")).isFalse();
    }
}
