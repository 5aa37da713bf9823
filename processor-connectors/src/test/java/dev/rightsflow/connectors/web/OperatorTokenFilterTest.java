package dev.rightsflow.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorTokenFilterTest {

    @Test
    void onlyTheOperatorsPathsUnderConnectorsNeedTheToken() {
        assertThat(OperatorTokenFilter.protectedPath("/connectors/dead-letters")).isTrue();
        assertThat(OperatorTokenFilter.protectedPath("/connectors/tasks/t-1")).isTrue();
        assertThat(OperatorTokenFilter.protectedPath("/connectors/rebuild")).isTrue();
        assertThat(OperatorTokenFilter.protectedPath("/connectors")).isTrue();
        assertThat(OperatorTokenFilter.protectedPath("/connectors/callbacks/opendsr/t-1")).isFalse();
        assertThat(OperatorTokenFilter.protectedPath("/connectors/packages/p-1")).isFalse();
        assertThat(OperatorTokenFilter.protectedPath("/api/v1/packages/p-1")).isFalse();
        assertThat(OperatorTokenFilter.protectedPath("/connectorsx/anything")).isFalse();
        assertThat(OperatorTokenFilter.protectedPath("/dashboard")).isFalse();
    }
}
