package dev.rightsflow.intake.shared.web;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

/**
 * Renders intake's server-side HTML pages with JMustache from {@code classpath:/intake/templates}.
 * Deliberately not a Spring view resolver: in the standalone another service may bring its own,
 * and intake's pages must not depend on the order of resolvers. Values are HTML-escaped.
 */
@Component
public class HtmlTemplates {

    private final Mustache.Compiler compiler = Mustache.compiler().defaultValue("").withLoader(name -> reader(name));
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public ResponseEntity<String> page(int status, String name, Map<String, Object> model) {
        String html = cache.computeIfAbsent(name, n -> compiler.compile(reader(n))).execute(model);
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body(html);
    }

    private static Reader reader(String name) {
        try {
            return new InputStreamReader(new ClassPathResource("intake/templates/" + name + ".mustache").getInputStream(),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("missing template " + name, e);
        }
    }
}
