package dev.rightsflow.auditlog.deadlines.application;

/** One query parameter that is missing or wrong, and why, in words for the caller. */
public record InvalidParameter(String parameter, String message) {
}
