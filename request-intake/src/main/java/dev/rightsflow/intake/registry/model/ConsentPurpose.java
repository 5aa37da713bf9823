package dev.rightsflow.intake.registry.model;

/**
 * A purpose an organisation asks consent for, as its registry entry names it: the id a consent
 * withdrawal names, the purpose in plain words and what is done under it. The form offers these as
 * choices, so withdrawing is as easy as consenting was (Art 7(3) UK GDPR).
 */
public record ConsentPurpose(String id, String name, String description) {
}
