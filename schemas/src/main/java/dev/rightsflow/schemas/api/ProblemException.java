package dev.rightsflow.schemas.api;

import java.util.List;
import java.util.Map;

/**
 * A refusal on its way to the caller: thrown (or signalled with {@code Mono.error}) by a handler before anything is
 * written; {@link ApiProblemAdvice} answers it with the {@link Problem} {@link Problems} builds. No stack trace is
 * kept: it is an answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ProblemType type;
    private final transient List<Problem.FieldError> errors;
    private final transient Map<String, Object> extensions;
    private final Long retryAfterSeconds;

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of(), null);
    }

    /** 422 with the fields at fault. */
    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(ProblemType.INVALID, detail, errors, Map.of(), null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(ProblemType.NOT_FOUND, detail);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Seconds for a {@code Retry-After} header, or null for none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
