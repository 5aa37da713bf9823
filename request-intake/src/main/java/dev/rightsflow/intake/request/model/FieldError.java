package dev.rightsflow.intake.request.model;

/** One bad field of a submission: its JSON path and what is wrong, in plain words. */
public record FieldError(String field, String message) {
}
