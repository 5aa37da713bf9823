package dev.rightsflow.intake.shared.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import dev.rightsflow.intake.RequestIntakeProperties;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.request.model.Hashing;
import dev.rightsflow.schemas.api.JsonBodyWords;
import dev.rightsflow.schemas.security.RawBodies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON body the way intake's endpoints need it: the content type must be JSON (415), the
 * body at most {@code rightsflow.intake.max-body-size} (413), well-formed (400) and valid by Bean
 * Validation (422, every bad field listed). The raw bytes are kept, because processors sign them
 * and idempotency keys compare their hash.
 */
@Component
public class JsonBodies {

    /** A parsed body with the bytes it came from. */
    public record Parsed<T>(T value, byte[] raw) {
        public String sha256() {
            return Hashing.sha256Hex(raw);
        }
    }

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private final Validator validator;
    private final RequestIntakeProperties properties;

    public JsonBodies(Validator validator, RequestIntakeProperties properties) {
        this.validator = validator;
        this.properties = properties;
    }

    public Mono<byte[]> raw(ServerHttpRequest request) {
        return raw(request, properties.maxBodySize().toBytes());
    }

    /** The raw JSON body of an endpoint that takes more than {@code max-body-size} (a base64 attachment). */
    public Mono<byte[]> raw(ServerHttpRequest request, long limit) {
        MediaType type;
        try {
            type = request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            // Unparseable, or a charset this JVM does not know: the client's mistake, not ours.
            type = null;
        }
        if (type == null || !(MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || type.getSubtype().endsWith("+json"))) {
            return Mono.error(unsupportedType());
        }
        if (request.getHeaders().getContentLength() > limit) {
            return Mono.error(tooLarge(limit));
        }
        return RawBodies.read(request.getBody(), limit)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge(limit));
    }

    public <T> Mono<Parsed<T>> read(ServerHttpRequest request, Class<T> type) {
        return raw(request).map(bytes -> new Parsed<>(parse(bytes, type), bytes));
    }

    public <T> T parse(byte[] bytes, Class<T> type) {
        if (bytes.length == 0) {
            throw IntakeProblem.of(HttpStatus.BAD_REQUEST, "Empty body", "The request body is empty; send a JSON object.");
        }
        T value;
        try {
            value = mapper.readValue(bytes, type);
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                // the body as a whole is an array, a string, a number or a boolean: it cannot be read as a request
                throw IntakeProblem.of(HttpStatus.BAD_REQUEST, "Not an object",
                        JsonBodyWords.notAnObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
            }
            String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("body");
            throw IntakeProblem.invalid(List.of(new FieldError(path, "has the wrong type or format")));
        } catch (StreamConstraintsException e) {
            throw IntakeProblem.of(HttpStatus.BAD_REQUEST, "JSON too complex",
                    "The body exceeds a JSON parser limit (nesting depth, or the length of a number, string or name).");
        } catch (JacksonException e) {
            // Some parse and binding errors carry no location (e.g. a failing record constructor).
            throw IntakeProblem.of(HttpStatus.BAD_REQUEST, "Malformed JSON", JsonBodyWords.notWellFormed(e.getLocation()));
        }
        if (value == null) {
            throw IntakeProblem.of(HttpStatus.BAD_REQUEST, "Empty body", JsonBodyWords.notAnObject("null"));
        }
        validate(value);
        return value;
    }

    /** A body whose rules go beyond Bean Validation, checked at the same time so every bad field is listed at once. */
    public interface WithRules {
        List<FieldError> ruleErrors();
    }

    public void validate(Object value) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> v : validator.validate(value)) {
            errors.add(new FieldError(v.getPropertyPath().toString(), plain(v)));
        }
        controlCharacters(value, "", errors);
        if (value instanceof WithRules withRules && !errors.isEmpty()) {
            withRules.ruleErrors().stream().filter(e -> !errors.contains(e)).forEach(errors::add);
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw IntakeProblem.invalid(errors);
        }
    }

    /** What a field holding a control character is told. */
    static final String CONTROL_CHARACTER = "must not contain control characters (only tabs and line breaks)";

    /** A control character other than a tab or a line break. */
    private static boolean refusedControl(int c) {
        return Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n' && c != '\r';
    }

    /**
     * {@code text} without the control characters {@link #validate} refuses: what a page shows back in a field it
     * refused for them, so the person sees their text as it will be sent and can send it again as it stands.
     */
    public static String withoutControlCharacters(String text) {
        if (text == null || text.chars().noneMatch(JsonBodies::refusedControl)) {
            return text;
        }
        StringBuilder kept = new StringBuilder(text.length());
        text.chars().filter(c -> !refusedControl(c)).forEach(c -> kept.append((char) c));
        return kept.toString();
    }

    /**
     * Adds an error for every text of the body (a record's components, a map's keys and values, a list's items, at any
     * depth) holding a control character other than a tab or a line break: a NUL or an escape sequence in a name is
     * no one's name, and it breaks what the text reaches later (PostgreSQL refuses a NUL, a terminal obeys an escape).
     */
    private static void controlCharacters(Object value, String path, List<FieldError> errors) {
        if (value instanceof String text) {
            if (text.chars().anyMatch(JsonBodies::refusedControl)) {
                errors.add(new FieldError(path.isEmpty() ? "body" : path, CONTROL_CHARACTER));
            }
        } else if (value instanceof Record record) {
            for (java.lang.reflect.RecordComponent component : record.getClass().getRecordComponents()) {
                java.lang.reflect.Method accessor = component.getAccessor();
                Object part;
                try {
                    accessor.trySetAccessible();
                    part = accessor.invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("cannot read " + record.getClass().getSimpleName() + "." + component.getName(), e);
                }
                controlCharacters(part, path.isEmpty() ? component.getName() : path + "." + component.getName(), errors);
            }
        } else if (value instanceof java.util.Map<?, ?> map) {
            map.forEach((k, v) -> {
                controlCharacters(k, path, errors);
                controlCharacters(v, path + "[" + k + "]", errors);
            });
        } else if (value instanceof java.util.Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                controlCharacters(item, path + "[" + i++ + "]", errors);
            }
        }
    }

    /**
     * A violation's message in plain words: the fields a person fills in carry their own (GOV.UK style, "Enter your
     * email address"); a field with Bean Validation's default message for a missing value ("must not be blank",
     * "must not be null") reads "is missing" instead. Other messages are kept.
     */
    static String plain(ConstraintViolation<?> violation) {
        return switch (violation.getMessageTemplate()) {
            case "{jakarta.validation.constraints.NotBlank.message}", "{jakarta.validation.constraints.NotNull.message}",
                    "{jakarta.validation.constraints.NotEmpty.message}" -> "is missing";
            default -> violation.getMessage();
        };
    }

    /** 415 for a missing, unparseable or non-JSON content type. */
    public static IntakeProblem unsupportedType() {
        return IntakeProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type",
                "Send the request as application/json (a charset, if given, must be one this server knows).");
    }

    private static IntakeProblem tooLarge(long limit) {
        return IntakeProblem.of(HttpStatus.CONTENT_TOO_LARGE, "Request too large",
                "The body is larger than " + limit + " bytes.");
    }
}
