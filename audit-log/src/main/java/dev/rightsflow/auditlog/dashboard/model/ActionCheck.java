package dev.rightsflow.auditlog.dashboard.model;

import java.util.List;

/**
 * Why an action cannot be taken now: bad fields (400), a withdrawal without its reason (422), not
 * allowed for this person (403), or not in this state (409).
 */
public record ActionCheck(Kind kind, String detail, List<FieldProblem> fields) {

    public enum Kind { OK, INVALID, UNPROCESSABLE, FORBIDDEN, CONFLICT }

    public record FieldProblem(String field, String message) {
    }

    public static ActionCheck ok() {
        return new ActionCheck(Kind.OK, null, List.of());
    }

    public boolean passed() {
        return kind == Kind.OK;
    }
}
