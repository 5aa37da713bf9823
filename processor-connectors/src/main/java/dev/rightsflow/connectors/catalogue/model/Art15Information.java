package dev.rightsflow.connectors.catalogue.model;

import java.util.List;

/**
 * What UK GDPR Art 15(1)(a)-(h) and 15(2) require a controller to tell the subject besides the
 * copy of the data, as the controller recorded it. The subject's rights (Art 15(1)(e)) and the
 * right to complain to the ICO (Art 15(1)(f)) are the same for everyone: see {@link SubjectRights}.
 *
 * @param purposes                Art 15(1)(a)
 * @param categories              Art 15(1)(b)
 * @param recipients              Art 15(1)(c), including those in third countries
 * @param transferSafeguards      Art 15(2): safeguards for transfers outside the UK
 * @param retention               Art 15(1)(d): the period, or the criteria that set it
 * @param source                  Art 15(1)(g): where data not collected from the subject came from
 * @param automatedDecisionMaking Art 15(1)(h): whether there is any, its logic and consequences
 */
public record Art15Information(String controllerId, String controllerName, String contact, List<String> purposes,
        List<String> categories, List<Recipient> recipients, String transferSafeguards, String retention, String source,
        String automatedDecisionMaking) {

    public Art15Information {
        purposes = purposes == null ? List.of() : List.copyOf(purposes);
        categories = categories == null ? List.of() : List.copyOf(categories);
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /** A recipient or category of recipients and where it processes the data. */
    public record Recipient(String name, String role, String location) {
    }

    /**
     * What a controller with no recorded information gets: every item is present and says where
     * to find the answer, rather than being silently left out.
     */
    public static Art15Information notRecorded(String controllerId) {
        String ask = "Not recorded in Rightsflow for this controller: see its privacy notice or ask its data protection contact.";
        return new Art15Information(controllerId, controllerId, null, List.of(ask), List.of(ask),
                List.of(new Recipient(ask, "", "")), ask, ask, ask, ask);
    }
}
