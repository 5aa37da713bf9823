package dev.rightsflow.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

/** The shared headers: each path gets its page group's policy, APIs the strict one, and no-store unless set. */
class ResponseHeadersTest {

    private final ResponseHeaders headers = new ResponseHeaders(List.of(
            new HeaderPolicy("pages", List.of("/", "/requests/**"), "default-src 'none'; style-src 'sha256-x'; frame-ancestors 'none'", 0),
            ResponseHeaders.SWAGGER_UI));

    private HttpHeaders answer(String path, String cacheControl) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
        headers.filter(exchange, e -> {
            if (cacheControl != null) {
                e.getResponse().getHeaders().setCacheControl(cacheControl);
            }
            return e.getResponse().setComplete();
        }).block();
        return exchange.getResponse().getHeaders();
    }

    @Test
    void everyAnswerCarriesTheHeadersWithItsPathsPolicy() {
        HttpHeaders page = answer("/requests/new", null);
        assertThat(page.getFirst("Content-Security-Policy")).contains("sha256-x");
        HttpHeaders api = answer("/api/v1/anything", null);
        assertThat(api.getFirst("Content-Security-Policy")).isEqualTo(ResponseHeaders.API_POLICY);
        HttpHeaders swagger = answer("/swagger-ui/index.html", null);
        assertThat(swagger.getFirst("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        for (HttpHeaders h : List.of(page, api, swagger)) {
            assertThat(h.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(h.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(h.getFirst("X-Frame-Options")).isEqualTo("DENY");
            assertThat(h.getCacheControl()).isEqualTo("no-store");
        }
    }

    @Test
    void anAnswersOwnCacheControlIsKept() {
        assertThat(answer("/webjars/x.js", "max-age=60").getCacheControl()).isEqualTo("max-age=60");
    }
}
