package dev.rightsflow.auditlog.cases.model;

/** An independent controller the subject is pointed to instead of a task (from CasePlanned). */
public record CaseSignpost(String organisationName, String explanation, String contact) {
}
