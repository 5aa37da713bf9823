package dev.rightsflow.intake.opendsr.web;

import java.util.List;
import java.util.Map;

import dev.rightsflow.intake.opendsr.model.OpenDsrMapping;
import dev.rightsflow.schemas.opendsr.Messages;

/**
 * What intake reads from an OpenDSR 2.0 request ({@link Messages.Request}, checked by the shared
 * codec) beyond the specification's fields: Rightsflow's extension (§7.1.2), keyed by this
 * installation's OpenDSR domain (or {@code rightsflow}, the key earlier versions used), with
 * {@code subject_name}, {@code service_id} (a processor forwarding a request for a service it
 * processes for a controller) and {@code description}.
 */
record OpenDsrRequestJson(Messages.Request request, String domain) {

    String extension(String key) {
        for (String name : List.of(domain, "rightsflow")) {
            Map<String, Object> extension = request.extension(name);
            Object value = extension.get(key);
            if (value != null && !String.valueOf(value).isBlank()) {
                return String.valueOf(value).trim();
            }
        }
        return null;
    }

    OpenDsrMapping.Identities identities() {
        List<Messages.Identity> given = request.subjectIdentities() == null ? List.of() : request.subjectIdentities();
        return OpenDsrMapping.identities(given.stream()
                .map(i -> new String[] {i.identityType(), i.identityValue(), i.identityFormat()}).toList());
    }
}
