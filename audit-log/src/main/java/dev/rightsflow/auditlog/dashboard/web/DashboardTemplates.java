package dev.rightsflow.auditlog.dashboard.web;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Renders the dashboard's pages with JMustache from {@code classpath:/dashboard/templates}, the engine and
 * the pattern request-intake's pages use ({@code intake.web.HtmlTemplates}): compiled once, values
 * HTML-escaped, a missing value rendered as nothing. Deliberately not a Spring view resolver: in the
 * standalone the services share one application, and each service's pages must not depend on the order of
 * resolvers. The pages' CSS and script are static files ({@code /dashboard/assets/}, {@link DashboardAssets}).
 */
public final class DashboardTemplates {

    private static final Mustache.Compiler COMPILER = Mustache.compiler().defaultValue("").emptyStringIsFalse(true)
            .withLoader(DashboardTemplates::reader);
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

    private DashboardTemplates() {
    }

    /** The template {@code name} (without {@code .mustache}) filled with {@code model}. */
    public static String render(String name, Object model) {
        return CACHE.computeIfAbsent(name, n -> COMPILER.compile(reader(n))).execute(model);
    }

    private static Reader reader(String name) {
        try {
            return new InputStreamReader(new ClassPathResource("dashboard/templates/" + name + ".mustache")
                    .getInputStream(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing template " + name, e);
        }
    }
}
