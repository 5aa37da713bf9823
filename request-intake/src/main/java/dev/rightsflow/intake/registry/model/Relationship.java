package dev.rightsflow.intake.registry.model;

import java.util.Locale;

/**
 * A relationship a service's registry entry accepts (e.g. {@code public-account}, {@code partner-member:camden}), and
 * the organisation that controls the data of a subject with it. The registry's spelling is the documented one;
 * {@link #canonical} also accepts the older documented spelling ({@code PUBLIC_ACCOUNT}, {@code PARTNER_MEMBER:camden})
 * in any case, so both reach the same rule instead of triage.
 */
public record Relationship(String value, String controllerId) {

    /** Lower case, underscores as hyphens, no spaces around the colon: the registry's spelling. Null stays null. */
    public static String canonical(String relationship) {
        if (relationship == null || relationship.isBlank()) {
            return null;
        }
        return relationship.trim().toLowerCase(Locale.ROOT).replace('_', '-').replaceAll("\\s*:\\s*", ":");
    }

    /** The words a person reads for it: "Public account", "Partner member: Camden Council". */
    public String words(String controllerName) {
        int colon = value.indexOf(':');
        String kind = (colon < 0 ? value : value.substring(0, colon)).replace('-', ' ');
        kind = kind.isEmpty() ? kind : Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return colon < 0 ? kind : kind + ": " + (controllerName != null ? controllerName : value.substring(colon + 1));
    }
}
