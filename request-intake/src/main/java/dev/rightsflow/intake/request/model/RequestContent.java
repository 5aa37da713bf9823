package dev.rightsflow.intake.request.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a keyed submission asked for, in the form both sides can rebuild: the HTTP path from the
 * admitted {@link Submission} before publishing, the listener from the {@code RequestReceived} on the
 * topic. Two submissions with the same Idempotency-Key are "the same body" when their contents are
 * equal. Time-dependent values (receipt time, deadline, duplicate flag) are left out, and so is the
 * processor's own receipt time: a processor's reference names its request.
 *
 * @param organisationId the organisation the request is addressed to after admission (the controller
 *                       when a processor forwards it), as published
 * @param forwardedFrom  the processor handing the request over; null for citizens and own requests
 */
public record RequestContent(String right, String channel, String organisationId, String serviceId,
        String relationship, String subjectName, String subjectEmail, String subjectPhone,
        String subjectPostalAddress, Map<String, String> subjectIdentifiers, String description,
        String rectificationWhatIsWrong, String rectificationCorrection, String restrictionGround,
        String objectionProcessing, boolean objectionDirectMarketing, String portabilityTargetController,
        List<String> consentPurposes, String forwardedFrom, String forwardingReference) {

    public RequestContent {
        subjectIdentifiers = subjectIdentifiers == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(subjectIdentifiers));
        consentPurposes = consentPurposes == null ? List.of() : List.copyOf(consentPurposes);
    }

    /**
     * @param addressed           the submission as it will be published (organisation = the one addressed)
     * @param forwardedFrom       the processor handing it over, or null
     * @param forwardingReference the processor's reference, or null
     */
    public static RequestContent of(Submission addressed, Channel channel, String forwardedFrom, String forwardingReference) {
        Subject subject = addressed.subject();
        RightDetails details = addressed.details() == null ? RightDetails.none() : addressed.details();
        return new RequestContent(addressed.right() == null ? "UNKNOWN" : addressed.right().name(), channel.name(), addressed.organisationId(),
                addressed.serviceId(), addressed.relationship(), subject.name(), subject.email(), subject.phone(),
                subject.postalAddress(), subject.identifiers(), details.description(), details.rectificationWhatIsWrong(),
                details.rectificationCorrection(),
                details.restrictionGround() == null ? null : details.restrictionGround().name(),
                details.objectionProcessing(), details.objectionDirectMarketing(), details.portabilityTargetController(),
                details.consentPurposes(), forwardedFrom, forwardingReference);
    }

    /**
     * The fields in a fixed order, lists and maps flattened with their sizes first (map entries in
     * key order), so that no two different contents give the same sequence; null stays null.
     */
    public List<String> parts() {
        List<String> parts = new ArrayList<>(List.of("right", right, "channel", channel));
        add(parts, organisationId, serviceId, relationship, subjectName, subjectEmail, subjectPhone, subjectPostalAddress);
        parts.add(Integer.toString(subjectIdentifiers.size()));
        subjectIdentifiers.forEach((name, value) -> add(parts, name, value));
        add(parts, description, rectificationWhatIsWrong, rectificationCorrection, restrictionGround, objectionProcessing,
                Boolean.toString(objectionDirectMarketing), portabilityTargetController);
        parts.add(Integer.toString(consentPurposes.size()));
        parts.addAll(consentPurposes);
        add(parts, forwardedFrom, forwardingReference);
        return parts;
    }

    private static void add(List<String> parts, String... values) {
        Collections.addAll(parts, values);
    }
}
