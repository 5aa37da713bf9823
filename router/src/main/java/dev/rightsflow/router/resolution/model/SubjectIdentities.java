package dev.rightsflow.router.resolution.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Whether the organisation can match a request's subject to its records, judged from the kinds
 * of identity the subject is known by, never their values (so the answer can go in an event and
 * on the dashboard). The organisation's systems find a subject by a plain email address or by an
 * identifier the organisation issued itself (a membership number, say). OpenDSR requests may
 * identify the subject only by identities the organisation holds no record of: an advertising id,
 * a phone number, or an email as a digest (OpenDSR 2.0 §5); intake keeps those as
 * {@code opendsr:<type>[:<format>]} identifiers. Such a request is neither refused nor dropped:
 * it goes to triage, where a person matches the subject, and every task is then done by hand.
 */
public final class SubjectIdentities {

    /** The prefix under which intake keeps OpenDSR identities in the subject's identifiers. */
    public static final String OPENDSR_PREFIX = "opendsr:";

    private SubjectIdentities() {
    }

    /**
     * Why the organisation cannot match the subject, or empty when it can.
     *
     * @param hasEmail       the subject gave a plain email address
     * @param identifierKeys the keys of the subject's identifiers (never their values)
     */
    public static Optional<String> unmatched(String organisationName, boolean hasEmail, Collection<String> identifierKeys) {
        if (hasEmail || identifierKeys.stream().anyMatch(k -> !k.startsWith(OPENDSR_PREFIX))) {
            return Optional.empty();
        }
        List<String> kinds = identifierKeys.stream().sorted().map(SubjectIdentities::describe).toList();
        return Optional.of("the subject is identified only by "
                + (kinds.isEmpty() ? "no identity at all" : String.join("; ", kinds))
                + ", which " + organisationName + " cannot match to its records (OpenDSR 2.0 §5)");
    }

    /** {@code opendsr:email:sha256} reads "email as a sha256 digest"; {@code opendsr:android_advertising_id} its type. */
    private static String describe(String key) {
        String[] parts = key.substring(OPENDSR_PREFIX.length()).split(":", 2);
        return parts.length == 2 ? parts[0] + " as a " + parts[1] + " digest" : parts[0];
    }
}
