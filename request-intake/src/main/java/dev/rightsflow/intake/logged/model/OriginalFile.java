package dev.rightsflow.intake.logged.model;

import dev.rightsflow.intake.request.model.FieldError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The original of a request staff logged: a scanned letter (PDF, JPEG, PNG, TIFF) or the email as it arrived
 * ({@code .eml}, {@code message/rfc822}). Personal data: kept sealed with the request's own key and erased with
 * the request. The declared type must be one of these, and the bytes must start the way files of that type do, so
 * a renamed executable or an HTML page is not served back to staff as a "letter".
 */
public record OriginalFile(String fileName, String contentType, byte[] content) {

    /** The accepted types and the first bytes each must start with (an email: its first header line). */
    private static final Map<String, List<byte[]>> SIGNATURES = Map.of(
            "application/pdf", List.of("%PDF-".getBytes(StandardCharsets.US_ASCII)),
            "image/jpeg", List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
            "image/png", List.of(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
            "image/tiff", List.of(new byte[] {'I', 'I', 42, 0}, new byte[] {'M', 'M', 0, 42}),
            "message/rfc822", List.of());

    /** The accepted content types, for messages and the API documentation. */
    public static final List<String> TYPES = List.of("application/pdf", "image/jpeg", "image/png", "image/tiff",
            "message/rfc822");

    public OriginalFile {
        contentType = contentType == null ? null : contentType.strip().toLowerCase(Locale.ROOT);
    }

    /** What is wrong with the file, field names under {@code prefix}; empty when it may be kept. */
    public List<FieldError> problems(String prefix, long maxBytes) {
        List<FieldError> errors = new ArrayList<>();
        if (fileName == null || fileName.isBlank() || fileName.length() > 200 || fileName.chars().anyMatch(c -> c < 0x20)) {
            errors.add(new FieldError(prefix + "fileName", "must be a file name of at most 200 characters"));
        }
        if (content == null || content.length == 0) {
            errors.add(new FieldError(prefix + "content", "the file is empty"));
            return errors;
        }
        if (content.length > maxBytes) {
            errors.add(new FieldError(prefix + "content", "the file is larger than " + maxBytes + " bytes"));
            return errors;
        }
        if (contentType == null || !SIGNATURES.containsKey(contentType)) {
            errors.add(new FieldError(prefix + "contentType", "must be one of " + String.join(", ", TYPES)
                    + " (a scanned letter as PDF or an image, an email as .eml)"));
        } else if (!looksLike(contentType, content)) {
            errors.add(new FieldError(prefix + "content", "is not a " + contentType + " file"));
        }
        return errors;
    }

    private static boolean looksLike(String type, byte[] content) {
        if (type.equals("message/rfc822")) {
            return emailHeaders(content);
        }
        return SIGNATURES.get(type).stream().anyMatch(magic -> content.length >= magic.length
                && Arrays.equals(content, 0, magic.length, magic, 0, magic.length));
    }

    /** An RFC 5322 message starts with header fields ({@code Name: value}) and has no NUL bytes in its header. */
    private static boolean emailHeaders(byte[] content) {
        int end = Math.min(content.length, 4096);
        String head = new String(content, 0, end, StandardCharsets.ISO_8859_1);
        if (head.indexOf('\0') >= 0) {
            return false;
        }
        String first = head.lines().findFirst().orElse("");
        return first.matches("[!-9;-~]+:.*") && head.toLowerCase(Locale.ROOT).matches("(?s).*(^|\\n)(from|date|subject):.*");
    }
}
