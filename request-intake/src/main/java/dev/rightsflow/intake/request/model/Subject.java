package dev.rightsflow.intake.request.model;

import java.util.Map;

/**
 * The data subject. Personal data: never logged, never in a URL.
 *
 * @param identifiers identifiers the organisation knows the subject by, e.g. membershipNumber
 */
public record Subject(String name, String email, String phone, String postalAddress, Map<String, String> identifiers) {

    public Subject {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
    }
}
