package dev.rightsflow.intake.shared.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import dev.rightsflow.schemas.security.HeaderPolicy;
import dev.rightsflow.schemas.security.ResponseHeaders;

/**
 * The Content-Security-Policy of intake's pages (the form, the receipt, the status page, the demo outbox), for the
 * shared {@link ResponseHeaders} filter that writes every security header on every answer: nothing but same-origin
 * images, form posts and scripts (the form's {@link PageAssets} script; no inline script); the one inline style
 * block of the page header allowed by its SHA-256 hash (computed from the template at start, so editing the CSS
 * cannot silently break the pages); no framing.
 * Intake's APIs get the shared API policy, and every answer {@code Cache-Control: no-store} (the receipt carries
 * the status token, the status page and API personal data, the outbox identity codes).
 */
@Configuration(value = "intakeHeaderPolicy", proxyBeanMethods = false)
public class IntakeHeaderPolicy {

    @Bean
    public HeaderPolicy intakePagesHeaderPolicy() {
        return new HeaderPolicy("intake pages", List.of("/", "/requests", "/requests/**", "/intake/**"), policy(), 0);
    }

    /** The pages' policy. */
    public static String policy() {
        return "default-src 'none'; img-src 'self'; script-src 'self'; style-src '" + styleHash()
                + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /** 'sha256-…' of the text of the {@code <style>} element in the page header template. */
    static String styleHash() {
        String header;
        try (InputStream in = new ClassPathResource("intake/templates/header.mustache").getInputStream()) {
            header = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing template header", e);
        }
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(header);
        if (!style.find()) {
            throw new IllegalStateException("the page header template has no <style> element");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(style.group(1).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
