package dev.rightsflow.auditlog.cases.model;

/** A system or data category the router's plan did not act on, and the law that allows it (from CasePlanned). */
public record CaseExemption(String systemId, String dataCategory, String legalBasis, String explanation) {
}
