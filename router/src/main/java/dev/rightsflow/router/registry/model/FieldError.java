package dev.rightsflow.router.registry.model;

/** One thing wrong with an input, named by its path (e.g. {@code services[0].controllerId}). */
public record FieldError(String field, String message) {
}
