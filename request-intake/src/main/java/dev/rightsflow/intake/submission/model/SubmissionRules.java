package dev.rightsflow.intake.submission.model;

import dev.rightsflow.intake.registry.model.ConsentPurpose;
import dev.rightsflow.intake.request.model.FieldError;
import dev.rightsflow.intake.registry.model.Organisation;
import dev.rightsflow.intake.request.model.RightDetails;
import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.registry.model.Service;
import dev.rightsflow.intake.request.model.Submission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rules a submission must meet beyond the shape of its fields: the organisation and service
 * exist in the registry, the organisation accepts that right, and what each right needs.
 */
public final class SubmissionRules {

    private SubmissionRules() {
    }

    /**
     * Checks a citizen's submission.
     *
     * @param registry finds organisations by id
     */
    public static Admission admit(Submission submission, Function<String, Optional<Organisation>> registry) {
        List<FieldError> errors = new ArrayList<>(rightSpecific(submission.right(), submission.details()));
        Optional<Organisation> organisation = registry.apply(submission.organisationId());
        if (organisation.isEmpty()) {
            errors.add(new FieldError("organisationId", "no organisation with this id is registered"));
            return new Admission.Rejected(errors);
        }
        Organisation org = organisation.get();
        Service service = null;
        if (submission.serviceId() != null) {
            service = org.service(submission.serviceId()).orElse(null);
            if (service == null) {
                errors.add(new FieldError("serviceId", "organisation " + org.id() + " has no service with this id"));
            }
        }
        if (!org.accepts(submission.right())) {
            errors.add(new FieldError("right", org.name() + " does not take " + submission.right().code()
                    + " requests through this service; it accepts " + accepted(org)));
        }
        errors.addAll(unknownPurposes(submission, org, purposesOffered(org, service, registry)));
        return errors.isEmpty() ? new Admission.Admitted(org, service, org.verificationFor(submission.right()))
                : new Admission.Rejected(errors);
    }

    /**
     * The consent purposes a withdrawal addressed to {@code org} can name: its own, and those of the
     * controller of the service concerned (of every service it names when none is chosen) that is on
     * the platform, since a processor passes the withdrawal on to it. Distinct by id, in registry order.
     */
    public static List<ConsentPurpose> purposesOffered(Organisation org, Service service,
            Function<String, Optional<Organisation>> registry) {
        Map<String, ConsentPurpose> byId = new LinkedHashMap<>();
        org.consentPurposes().forEach(p -> byId.putIfAbsent(p.id(), p));
        List<Service> concerned = service != null ? List.of(service) : org.services();
        for (Service s : concerned) {
            if (!s.controllerId().equals(org.id())) {
                registry.apply(s.controllerId())
                        .ifPresent(c -> c.consentPurposes().forEach(p -> byId.putIfAbsent(p.id(), p)));
            }
        }
        return List.copyOf(byId.values());
    }

    /**
     * Each purpose id a consent withdrawal names must be one offered; a withdrawal in the subject's own
     * words goes in {@code details.description} and names none (staff map it, Art 7(3)).
     */
    private static List<FieldError> unknownPurposes(Submission submission, Organisation org,
            List<ConsentPurpose> offered) {
        List<FieldError> errors = new ArrayList<>();
        if (submission.right() != RightType.CONSENT_WITHDRAWAL) {
            return errors;
        }
        List<String> named = submission.details().consentPurposes();
        for (int i = 0; i < named.size(); i++) {
            String id = named.get(i);
            if (offered.stream().noneMatch(p -> p.id().equalsIgnoreCase(id == null ? "" : id.trim()))) {
                errors.add(new FieldError("details.consentPurposes[" + i + "]", "is not one of " + org.name()
                        + "'s consent purposes; choose from "
                        + (offered.isEmpty() ? "none (it lists none)" : offered.stream().map(ConsentPurpose::id).toList())
                        + " (GET /api/v1/organisations), or say in your own words in details.description what you"
                        + " withdraw consent for"));
            }
        }
        return errors;
    }

    /**
     * Checks a request a processor forwards: the processor must be registered and named as a
     * processor of the service, whose controller must be on the platform and accept the right.
     * The request is then addressed to the controller.
     */
    public static Admission admitForwarded(Submission submission, String processorId,
            Function<String, Optional<Organisation>> registry) {
        List<FieldError> errors = new ArrayList<>(rightSpecific(submission.right(), submission.details()));
        if (submission.serviceId() == null) {
            errors.add(new FieldError("serviceId", "a forwarded request must name the service it concerns"));
            return new Admission.Rejected(errors);
        }
        Optional<Organisation> processor = registry.apply(processorId);
        Optional<Service> service = processor.flatMap(p -> p.service(submission.serviceId()));
        if (service.isEmpty()) {
            errors.add(new FieldError("serviceId", "organisation " + processorId + " has no service with this id"));
            return new Admission.Rejected(errors);
        }
        Service concerned = service.get();
        if (concerned.controllerId().equals(processorId)) {
            errors.add(new FieldError("serviceId", "organisation " + processorId
                    + " is the controller of this service: submit it as a request, not a forwarded one"));
            return new Admission.Rejected(errors);
        }
        if (!concerned.processedBy(processorId)) {
            errors.add(new FieldError("serviceId", "organisation " + processorId + " is not a processor of this service"));
            return new Admission.Rejected(errors);
        }
        Optional<Organisation> controller = registry.apply(concerned.controllerId());
        if (controller.isEmpty()) {
            errors.add(new FieldError("serviceId", "the controller of this service is not on this platform; "
                    + "forward the request to it directly"));
            return new Admission.Rejected(errors);
        }
        Organisation org = controller.get();
        if (!org.accepts(submission.right())) {
            errors.add(new FieldError("right", org.name() + " does not take " + submission.right().code()
                    + " requests through this service; it accepts " + accepted(org)));
        }
        errors.addAll(unknownPurposes(submission, org, purposesOffered(org, concerned, registry)));
        return errors.isEmpty() ? new Admission.Admitted(org, concerned, org.verificationFor(submission.right()))
                : new Admission.Rejected(errors);
    }

    /**
     * Checks a request read from an organisation's inbound mailbox. The right is the one its subject line
     * names by the organisation's conventions, or none yet (staff choose it in triage). What each right
     * needs beyond that (the correction, the purposes) is in the mail's text, which staff read: a mail is
     * not a form, so the per-right fields are not required here. Identity is checked as for the right,
     * and for a right not known yet as the organisation's most demanding method
     * ({@link Organisation#strictestVerification()}): nothing in a mail is trusted as identity.
     */
    public static Admission admitMailed(Submission submission, Function<String, Optional<Organisation>> registry) {
        Optional<Organisation> organisation = registry.apply(submission.organisationId());
        if (organisation.isEmpty()) {
            return new Admission.Rejected(List.of(new FieldError("organisationId", "no organisation with this id is registered")));
        }
        Organisation org = organisation.get();
        if (submission.right() == null) {
            return new Admission.Admitted(org, null, org.strictestVerification());
        }
        if (!org.accepts(submission.right())) {
            return new Admission.Rejected(List.of(new FieldError("right", org.name() + " does not take "
                    + submission.right().code() + " requests; it accepts " + accepted(org))));
        }
        return new Admission.Admitted(org, null, org.verificationFor(submission.right()));
    }

    /**
     * What each right needs (Arts 16, 18, 21); the other rights need nothing more. A consent
     * withdrawal needs no purpose id: one in the subject's own words, or naming none, is mapped by
     * staff (Art 7(3): as easy as giving consent).
     */
    public static List<FieldError> rightSpecific(RightType right, RightDetails details) {
        List<FieldError> errors = new ArrayList<>();
        switch (right) {
            case RECTIFICATION -> {
                if (blank(details.rectificationWhatIsWrong())) {
                    errors.add(new FieldError("details.rectificationWhatIsWrong", "Say which of your data is wrong"));
                }
                if (blank(details.rectificationCorrection())) {
                    errors.add(new FieldError("details.rectificationCorrection", "Say what your data should be instead"));
                }
            }
            case RESTRICTION -> {
                if (details.restrictionGround() == null) {
                    errors.add(new FieldError("details.restrictionGround", "Choose why the use of your data should be restricted"));
                }
            }
            case OBJECTION -> {
                if (!details.objectionDirectMarketing() && blank(details.objectionProcessing())) {
                    errors.add(new FieldError("details.objectionProcessing",
                            "Say which use of your data you object to, or that it is direct marketing"));
                }
            }
            case CONSENT_WITHDRAWAL -> {
                // Naming no purpose is a withdrawal all the same (Art 7(3)): staff map it in triage.
                if (details.consentPurposes().stream().anyMatch(SubmissionRules::blank)) {
                    errors.add(new FieldError("details.consentPurposes", "Leave out the empty purpose, or name one the organisation lists"));
                }
            }
            default -> {
            }
        }
        return errors;
    }

    private static String accepted(Organisation org) {
        return org.rights().keySet().stream().sorted().map(RightType::code).reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
