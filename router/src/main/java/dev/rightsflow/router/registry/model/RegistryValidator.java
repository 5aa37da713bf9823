package dev.rightsflow.router.registry.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an organisation's registry entry before it is published. Every problem is reported with
 * its field path, so an admin can fix them all at once. Secrets are never accepted inline: a
 * connector config key that looks like a secret must be a {@code secretRef}.
 */
public final class RegistryValidator {

    /** The connector types the platform ships ({@link ConnectorType}). */
    public static final Set<String> CONNECTORS = ConnectorType.names();

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** A host name, an IPv4 address or a bracketed IPv6 address, optionally with a port. */
    private static final Pattern ALLOWED_HOST = Pattern.compile(
            "([A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|apikey|api-key|api_key|token)$");

    private RegistryValidator() {
    }

    /** @param registry the registry as it stands, to check references to other organisations */
    public static List<FieldError> validate(Organisation o, Registry registry) {
        List<FieldError> errors = new ArrayList<>();
        if (o.id() == null || !ID.matcher(o.id()).matches()) {
            errors.add(new FieldError("id", "must be lower-case letters, digits and dashes, at most 63"));
        }
        if (o.name() == null || o.name().isBlank()) {
            errors.add(new FieldError("name", "must not be blank"));
        }
        if (o.division() == null) {
            errors.add(new FieldError("division", "must be one of ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND"));
        }
        positive(errors, "targets.acknowledgeWorkingDays", o.targets().acknowledgeWorkingDays());
        positive(errors, "targets.respondWorkingDays", o.targets().respondWorkingDays());
        for (int i = 0; i < o.rights().size(); i++) {
            if (o.rights().get(i).right() == null) {
                errors.add(new FieldError("rights[" + i + "].right", "must name a right"));
            }
        }
        if (o.processorApi().auth() != ProcessorAuthMethod.NONE && blank(o.processorApi().secretRef())) {
            errors.add(new FieldError("processorApi.secretRef", "must name the secret for " + o.processorApi().auth()));
        }
        Organisation.Forwarding f = o.forwarding();
        if (!o.tenant() && (f.mode() == ForwardingMode.SIGNED_HTTP || f.mode() == ForwardingMode.OPENDSR)) {
            if (blank(f.endpoint()) || !(f.endpoint().startsWith("https://") || f.endpoint().startsWith("http://"))) {
                errors.add(new FieldError("forwarding.endpoint", "must be an http(s) URL for " + f.mode()));
            }
            if (blank(f.secretRef())) {
                errors.add(new FieldError("forwarding.secretRef", "must name the signing key for " + f.mode()));
            }
        }
        for (int i = 0; i < o.allowedOutboundHosts().size(); i++) {
            String host = o.allowedOutboundHosts().get(i);
            if (host == null || !ALLOWED_HOST.matcher(host).matches()) {
                errors.add(new FieldError("allowedOutboundHosts[" + i + "]", "must be a host name or IP address,"
                        + " optionally with :port (no scheme, no path), e.g. crm.internal.example or 127.0.0.1:9101"));
            }
        }
        webhooks(errors, o.webhooks());
        if (!o.tenant() && f.mode() == ForwardingMode.TENANT) {
            errors.add(new FieldError("forwarding.mode", "TENANT is only for organisations with tenant: true"));
        }
        Set<String> serviceIds = new HashSet<>();
        for (int i = 0; i < o.services().size(); i++) {
            Organisation.Service s = o.services().get(i);
            String at = "services[" + i + "]";
            if (s.id() == null || !ID.matcher(s.id()).matches()) {
                errors.add(new FieldError(at + ".id", "must be lower-case letters, digits and dashes"));
            } else if (!serviceIds.add(s.id())) {
                errors.add(new FieldError(at + ".id", "is used twice"));
            } else {
                registry.service(s.id()).filter(existing -> registry.organisations().stream()
                        .filter(org -> !org.id().equals(o.id()))
                        .anyMatch(org -> org.service(s.id()).isPresent()))
                        .ifPresent(existing -> errors.add(new FieldError(at + ".id",
                                "is already declared by another organisation")));
            }
            if (blank(s.name())) {
                errors.add(new FieldError(at + ".name", "must not be blank"));
            }
            known(errors, at + ".controllerId", s.controllerId(), o, registry);
            for (int j = 0; j < s.processorIds().size(); j++) {
                known(errors, at + ".processorIds[" + j + "]", s.processorIds().get(j), o, registry);
            }
            for (int j = 0; j < s.relationships().size(); j++) {
                Organisation.RelationshipRule r = s.relationships().get(j);
                if (blank(r.relationship())) {
                    errors.add(new FieldError(at + ".relationships[" + j + "].relationship", "must not be blank"));
                }
                known(errors, at + ".relationships[" + j + "].controllerId", r.controllerId(), o, registry);
            }
        }
        if (o.requestRetentionDays() != null && o.requestRetentionDays() < 0) {
            errors.add(new FieldError("requestRetentionDays", "must not be negative"));
        }
        Set<String> purposeIds = consentPurposes(o, errors);
        Set<String> systemIds = new HashSet<>();
        for (int i = 0; i < o.systems().size(); i++) {
            Organisation.DataSystem s = o.systems().get(i);
            String at = "systems[" + i + "]";
            uniqueId(errors, at, s.id(), systemIds);
            if (blank(s.name())) {
                errors.add(new FieldError(at + ".name", "must not be blank"));
            }
            connector(errors, at, s.connector(), s.config().keySet());
            if (s.actions().isEmpty()) {
                errors.add(new FieldError(at + ".actions", "must list what its connector can do (actions it"
                        + " cannot do are planned for a person)"));
            }
            if (s.slaDays() != null && s.slaDays() < 0) {
                errors.add(new FieldError(at + ".slaDays", "must not be negative"));
            }
            for (int j = 0; j < s.consentPurposes().size(); j++) {
                String purpose = s.consentPurposes().get(j);
                if (purpose == null || !purposeIds.contains(purpose.toLowerCase(Locale.ROOT))) {
                    errors.add(new FieldError(at + ".consentPurposes[" + j + "]", "'" + purpose + "' is not in the"
                            + " organisation's consentPurposes: declare it there with its name in plain words"));
                }
            }
            for (int j = 0; j < s.subjectIdentifiers().size(); j++) {
                if (blank(s.subjectIdentifiers().get(j))) {
                    errors.add(new FieldError(at + ".subjectIdentifiers[" + j + "]", "must name a subject field or"
                            + " identifier"));
                }
            }
            for (int j = 0; j < s.exemptions().size(); j++) {
                if (blank(s.exemptions().get(j).legalBasis())) {
                    errors.add(new FieldError(at + ".exemptions[" + j + "].legalBasis", "must name the law"));
                }
            }
        }
        for (int i = 0; i < o.recipients().size(); i++) {
            Organisation.Recipient r = o.recipients().get(i);
            String at = "recipients[" + i + "]";
            if (r.id() == null || !ID.matcher(r.id()).matches()) {
                errors.add(new FieldError(at + ".id", "must be lower-case letters, digits and dashes"));
            }
            connector(errors, at, r.connector(), r.config().keySet());
        }
        for (int i = 0; i < o.independentControllers().size(); i++) {
            if (blank(o.independentControllers().get(i).name())) {
                errors.add(new FieldError("independentControllers[" + i + "].name", "must not be blank"));
            }
        }
        mailbox(errors, o.mailbox());
        return errors;
    }

    /** The inbound mailbox: where to read it and the secret's name, never the secret; each subject convention once. */
    private static void mailbox(List<FieldError> errors, Organisation.Mailbox m) {
        if (m == null) {
            return;
        }
        if (blank(m.address()) || !m.address().matches("[^@\\s]+@[^@\\s]+")) {
            errors.add(new FieldError("mailbox.address", "must be the email address people write to"));
        }
        if (blank(m.host()) || !ALLOWED_HOST.matcher(m.host()).matches() || m.host().contains(":")) {
            errors.add(new FieldError("mailbox.host", "must be the IMAP server's host name or IP address"));
        }
        if (m.port() < 1 || m.port() > 65535) {
            errors.add(new FieldError("mailbox.port", "must be between 1 and 65535"));
        }
        if (blank(m.username())) {
            errors.add(new FieldError("mailbox.username", "must not be blank"));
        }
        if (blank(m.passwordSecretRef())) {
            errors.add(new FieldError("mailbox.passwordSecretRef",
                    "must name the secret holding the password (the password is never stored in the registry)"));
        }
        Set<String> subjects = new HashSet<>();
        for (int i = 0; i < m.conventions().size(); i++) {
            String subject = m.conventions().get(i).subject();
            if (blank(subject)) {
                errors.add(new FieldError("mailbox.conventions[" + i + "].subject", "must not be blank"));
            } else if (!subjects.add(subject.trim().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("mailbox.conventions[" + i + "].subject", "is used twice"));
            }
        }
    }

    /**
     * Webhook endpoints: a unique id, an absolute http(s) URL (its address is checked again before every call), at
     * least one event, and the name of the signing secret (never the secret). The pre-approval webhook likewise, with
     * a positive ISO-8601 {@code answerWithin}.
     */
    private static void webhooks(List<FieldError> errors, Webhooks webhooks) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < webhooks.endpoints().size(); i++) {
            Webhooks.Endpoint e = webhooks.endpoints().get(i);
            String at = "webhooks.endpoints[" + i + "]";
            if (e == null) {
                errors.add(new FieldError(at, "must be an endpoint {id, url, events, secretRef}"));
                continue;
            }
            if (e.id() == null || !ID.matcher(e.id()).matches()) {
                errors.add(new FieldError(at + ".id", "must be lower-case letters, digits and dashes"));
            } else if (!ids.add(e.id()) || "pre-approval".equals(e.id())) {
                errors.add(new FieldError(at + ".id", "is used twice (pre-approval is taken)"));
            }
            httpUrl(errors, at + ".url", e.url());
            if (e.events().isEmpty() || e.events().contains(null)) {
                errors.add(new FieldError(at + ".events", "must list one or more of "
                        + java.util.Arrays.toString(WebhookEvent.values())));
            }
            if (blank(e.secretRef())) {
                errors.add(new FieldError(at + ".secretRef", "must name the signing secret (never the secret itself)"));
            }
        }
        Webhooks.PreApproval pre = webhooks.preApproval();
        if (pre != null) {
            httpUrl(errors, "webhooks.preApproval.url", pre.url());
            if (blank(pre.secretRef())) {
                errors.add(new FieldError("webhooks.preApproval.secretRef",
                        "must name the signing secret (never the secret itself)"));
            }
            if (pre.answerTime().isEmpty()) {
                errors.add(new FieldError("webhooks.preApproval.answerWithin",
                        "must be a positive ISO-8601 duration, e.g. PT48H"));
            }
        }
    }

    private static void httpUrl(List<FieldError> errors, String field, String url) {
        try {
            java.net.URI uri = blank(url) ? null : new java.net.URI(url);
            if (uri == null || uri.getHost() == null || uri.getUserInfo() != null
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                errors.add(new FieldError(field, "must be an absolute http(s) URL without credentials"));
            }
        } catch (java.net.URISyntaxException e) {
            errors.add(new FieldError(field, "must be an absolute http(s) URL without credentials"));
        }
    }

    /**
     * Checks the catalogue of consent purposes (ids unique, a name in plain words for each, Art 7(3):
     * the subject withdraws what they consented to, by its name) and returns its ids in lower case.
     */
    private static Set<String> consentPurposes(Organisation o, List<FieldError> errors) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < o.consentPurposes().size(); i++) {
            Organisation.ConsentPurpose p = o.consentPurposes().get(i);
            String at = "consentPurposes[" + i + "]";
            uniqueId(errors, at, p.id(), ids);
            if (blank(p.name())) {
                errors.add(new FieldError(at + ".name", "must say the purpose in plain words"));
            }
        }
        return ids;
    }

    /** An id of the entry at {@code at}: lower-case letters, digits and dashes, not used twice in {@code seen}. */
    private static void uniqueId(List<FieldError> errors, String at, String id, Set<String> seen) {
        if (id == null || !ID.matcher(id).matches()) {
            errors.add(new FieldError(at + ".id", "must be lower-case letters, digits and dashes"));
        } else if (!seen.add(id)) {
            errors.add(new FieldError(at + ".id", "is used twice"));
        }
    }

    private static void connector(List<FieldError> errors, String at, String connector, Set<String> configKeys) {
        if (connector == null || !CONNECTORS.contains(connector.toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError(at + ".connector", "must be one of " + CONNECTORS.stream().sorted().toList()));
        }
        for (String key : configKeys) {
            if (SECRET_KEY.matcher(key).matches()) {
                errors.add(new FieldError(at + ".config." + key,
                        "secrets are not stored in the registry: name the secret with secretRef"));
            }
        }
    }

    private static void known(List<FieldError> errors, String field, String id, Organisation self, Registry registry) {
        if (blank(id)) {
            errors.add(new FieldError(field, "must name an organisation"));
        } else if (!id.equals(self.id()) && registry.organisation(id).isEmpty()) {
            errors.add(new FieldError(field, "'" + id + "' is not in the registry"));
        }
    }

    private static void positive(List<FieldError> errors, String field, Integer value) {
        if (value != null && value <= 0) {
            errors.add(new FieldError(field, "must be positive"));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
