package dev.rightsflow.router.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** Production by default: the router needs an admin token of its own unless the demo is switched on. */
class AdminTokenRequiredTest {

    private static MockServerWebExchange bearer(String token) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/registry/organisations")
                .header("Authorization", "Bearer " + token));
    }

    @Test
    void withoutTheDemoAMissingOrDemoTokenRefusesToStartNamingTheSetting() {
        assertThatThrownBy(() -> AdminAuth.checked(null, false, ref -> Optional.empty(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rightsflow.router.admin-token").hasMessageContaining("ROUTER_ADMIN_TOKEN");
        assertThatThrownBy(() -> AdminAuth.checked(" ", false, ref -> Optional.empty(), null))
                .hasMessageContaining("ROUTER_ADMIN_TOKEN");
        assertThatThrownBy(() -> AdminAuth.checked(AdminAuth.DEMO_ADMIN_TOKEN, false, ref -> Optional.empty(), null))
                .hasMessageContaining("published demo token");
    }

    @Test
    void withTheSettingOnlyThatTokenIsAdmin() {
        AdminAuth auth = AdminAuth.checked("s3cret-admin-token", false, ref -> Optional.empty(), null);
        assertThat(auth.isAdmin(bearer("s3cret-admin-token"))).isTrue();
        assertThat(auth.isAdmin(bearer(AdminAuth.DEMO_ADMIN_TOKEN))).isFalse();
    }

    @Test
    void theDemoTokenWorksOnlyWithTheDemoSwitchedOn() {
        AdminAuth demo = AdminAuth.checked(null, true, ref -> Optional.empty(), null);
        assertThat(demo.isAdmin(bearer(AdminAuth.DEMO_ADMIN_TOKEN))).isTrue();
    }
}
