package dev.rightsflow.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorsSecurityTest {

    @Test
    void onlyTheOperatorsPathsUnderConnectorsNeedTheToken() {
        assertThat(ConnectorsSecurity.protectedPath("/connectors/dead-letters")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/connectors/tasks/t-1")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/connectors/rebuild")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/connectors")).isTrue();
        assertThat(ConnectorsSecurity.protectedPath("/connectors/callbacks/opendsr/t-1")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/connectors/packages/p-1")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/api/v1/packages/p-1")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/connectorsx/anything")).isFalse();
        assertThat(ConnectorsSecurity.protectedPath("/dashboard")).isFalse();
    }
}
