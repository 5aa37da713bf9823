package dev.rightsflow.connectors.catalogue.model;

import java.util.List;

/**
 * The text every access package carries about the subject's rights (UK GDPR Art 15(1)(e)) and
 * the right to complain to the Information Commissioner (Art 15(1)(f); Art 77; DPA 2018 s.165).
 */
public final class SubjectRights {

    public static final List<String> RIGHTS = List.of(
            "Access (Art 15): to a copy of your personal data and this information.",
            "Rectification (Art 16): to have inaccurate data corrected and incomplete data completed.",
            "Erasure (Art 17): to have your data deleted where there is no good reason to keep it.",
            "Restriction (Art 18): to have processing limited to storage while accuracy or lawfulness is resolved.",
            "Data portability (Art 20): to receive the data you provided in a machine-readable form, or have it sent to another controller.",
            "Objection (Art 21): to object to processing based on legitimate interests or a public task, and to direct marketing at any time.",
            "Consent withdrawal (Art 7(3)): to withdraw consent at any time, as easily as you gave it.",
            "Automated decisions (Art 22): not to be subject to a decision based solely on automated processing with legal or similarly significant effects.");

    public static final String COMPLAINT = "You can complain to the Information Commissioner's Office (ICO) if you are unhappy "
            + "with how your data is used or how your request was handled: Information Commissioner's Office, Wycliffe House, "
            + "Water Lane, Wilmslow, Cheshire SK9 5AF; telephone 0303 123 1113; https://ico.org.uk/make-a-complaint/. "
            + "You may also complain to the controller first, and you can go to court (Art 79).";

    private SubjectRights() {
    }
}
