package dev.rightsflow.schemas.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The site's icon, {@value #SVG} (which every page's head names with {@code <link rel="icon">}) and {@value #ICO}
 * (which browsers ask for regardless), imported by the services that serve pages: intake (the citizen pages) and
 * audit-log (the dashboard); imported by both, as in the standalone, it is still one configuration. Real files of
 * the page's own origin, because the pages' Content-Security-Policy allows images from {@code 'self'} only (intake
 * allows no {@code data:} image). No security chain matches these paths, so they answer without signing in, also on
 * the dashboard's sign-in page; they hold nothing but a picture, so they may be cached for a day.
 */
@Configuration(value = "rightsflowSiteIcon", proxyBeanMethods = false)
public class SiteIcon {

    /** The icon the pages link to. */
    public static final String SVG = "/favicon.svg";
    /** The path browsers ask for when a page names no icon, or before they read its head. */
    public static final String ICO = "/favicon.ico";
    /** The {@code <link>} every page's head carries. */
    public static final String LINK = "<link rel=\"icon\" href=\"" + SVG + "\" type=\"image/svg+xml\">";

    private static final MediaType SVG_TYPE = MediaType.parseMediaType("image/svg+xml");
    private static final MediaType ICO_TYPE = MediaType.parseMediaType("image/x-icon");

    @Bean
    public RouterFunction<ServerResponse> rightsflowSiteIconRoutes() {
        byte[] svg = read("favicon.svg");
        byte[] ico = read("favicon.ico");
        CacheControl day = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();
        return RouterFunctions.route(RequestPredicates.GET(SVG),
                        request -> ServerResponse.ok().contentType(SVG_TYPE).cacheControl(day).bodyValue(svg))
                .andRoute(RequestPredicates.GET(ICO),
                        request -> ServerResponse.ok().contentType(ICO_TYPE).cacheControl(day).bodyValue(ico));
    }

    private static byte[] read(String name) {
        try (InputStream in = new ClassPathResource("dev/rightsflow/schemas/web/" + name).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + name, e);
        }
    }
}
