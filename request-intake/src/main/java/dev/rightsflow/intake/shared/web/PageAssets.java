package dev.rightsflow.intake.shared.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The citizen pages' one script, {@code classpath:/intake/assets/form.js}, served from intake's own path (not
 * Spring's shared {@code /static}, which every service of the standalone would share), so the pages' policy can
 * allow scripts from this origin only ({@link IntakeHeaderPolicy}) and no inline one. The path is outside the
 * public rate limit: loading a page's script must not spend the citizen's allowance. The script only enhances:
 * every page works without it.
 */
@Hidden
@RestController
public class PageAssets {

    static final String FORM_SCRIPT = "/intake/assets/form.js";

    private static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

    private final byte[] formScript = read("intake/assets/form.js");

    @GetMapping(FORM_SCRIPT)
    public ResponseEntity<byte[]> formScript() {
        return ResponseEntity.ok().contentType(JAVASCRIPT).body(formScript);
    }

    private static byte[] read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("missing " + path, e);
        }
    }
}
