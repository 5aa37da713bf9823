package dev.rightsflow.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;

/** Fixed bearer tokens: the right token names its holder and roles; a wrong, prefixed, blank or absent one nothing. */
class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens().with("s3cret-operator", "operator", "OPERATOR")
            .with("s3cret-admin", "admin", "ADMIN").with("", "nobody", "ADMIN").with(null, "nobody", "ADMIN");

    @Test
    void theRightTokenNamesItsHolderAndRoles() {
        var found = tokens.match("s3cret-admin").orElseThrow();
        assertThat(found.getName()).isEqualTo("admin");
        assertThat(found.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
        assertThat(tokens.match(" s3cret-operator ").orElseThrow().getName()).isEqualTo("operator");
    }

    @Test
    void wrongPrefixedBlankOrAbsentTokensMatchNothing() {
        for (String wrong : List.of("s3cret-admi", "s3cret-admin2", "S3CRET-ADMIN", "", " ")) {
            assertThat(tokens.match(wrong)).as(wrong).isEmpty();
        }
        assertThat(tokens.match(null)).isEmpty();
        assertThat(new BearerTokens().with(" ", "x", "X").isEmpty()).isTrue();
    }
}
