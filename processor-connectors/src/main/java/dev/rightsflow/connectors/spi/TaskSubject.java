package dev.rightsflow.connectors.spi;

import java.util.Map;
import java.util.Optional;

/**
 * The data subject as the controller knows them. Personal data: a connector sends it to the
 * system it acts on and nowhere else, and never logs it.
 *
 * @param identifiers what the organisation knows the subject by, e.g. {@code membershipNumber}
 */
public record TaskSubject(String name, String email, String phone, String postalAddress, Map<String, String> identifiers) {

    public TaskSubject {
        identifiers = identifiers == null ? Map.of() : Map.copyOf(identifiers);
    }

    public Optional<String> identifier(String key) {
        return Optional.ofNullable(identifiers.get(key));
    }

    @Override
    public String toString() {
        return "TaskSubject[redacted]";
    }
}
