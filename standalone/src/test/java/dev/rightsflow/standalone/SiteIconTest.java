package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The site's icon through the standalone's routing, as a browser asks for it: {@code /favicon.ico} (asked for on
 * every site) and {@code /favicon.svg} (named by every page's head) answer 200 with an image without signing in, and
 * every kind of page, the citizen's and the dashboard's (signed in or not), names an icon that answers. Before, both
 * answered 404 and every page logged it in the browser's console.
 */
class SiteIconTest {

    @RegisterExtension
    static final SharedSystem shared = SharedSystem.WITHOUT_DEMO_DATA;
    static RunningSystem system;

    @BeforeAll
    static void start() {
        system = shared.system();
    }

    @Test
    void bothIconsAnswerWithAnImageWithoutSigningIn() {
        byte[] ico = system.http.get().uri("/favicon.ico").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("image/x-icon")
                .expectBody().returnResult().getResponseBody();
        assertThat(ico).as("an ICO file's header: reserved 0, type 1 (icon)").startsWith(0, 0, 1, 0);
        byte[] svg = system.http.get().uri("/favicon.svg").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("image/svg+xml")
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(svg, StandardCharsets.UTF_8)).startsWith("<svg ");
    }

    @Test
    void everyKindOfPageNamesAnIconThatAnswers() {
        for (String page : List.of("/", "/requests/new?organisationId=me-group-25", "/dashboard/login")) {
            assertNamesAWorkingIcon(page, system.http.get().uri(page).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        }
        assertNamesAWorkingIcon("/dashboard", system.http.get().uri("/dashboard").accept(MediaType.TEXT_HTML)
                .headers(h -> h.setBasicAuth("demo-admin", Scenario.STAFF_PASSWORD)).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static void assertNamesAWorkingIcon(String page, String html) {
        Matcher link = Pattern.compile("<link rel=\"icon\" href=\"([^\"]+)\"").matcher(html);
        assertThat(link.find()).as("%s names an icon in its head", page).isTrue();
        assertThat(html.indexOf(link.group())).as("%s: the icon's link is in the head", page).isLessThan(html.indexOf("</head>"));
        system.http.get().uri(link.group(1)).exchange().expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).startsWith("image/"));
    }
}
