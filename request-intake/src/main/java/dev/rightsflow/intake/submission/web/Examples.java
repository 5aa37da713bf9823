package dev.rightsflow.intake.submission.web;

/** One example request per right, for the OpenAPI document; the people are invented. */
final class Examples {

    private Examples() {
    }

    static final String ACCESS = """
            {"right": "access", "organisationId": "empower",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"description": "All records you hold about me since 2024."}}""";
    static final String RECTIFICATION = """
            {"right": "rectification", "organisationId": "ecs",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"rectificationWhatIsWrong": "My postcode is ST16 1AA", "rectificationCorrection": "ST17 4AB"}}""";
    static final String ERASURE = """
            {"right": "erasure", "organisationId": "mes", "serviceId": "mes-corporate-website",
             "subject": {"name": "Alex Example", "email": "alex@example.org",
                         "identifiers": {"membershipNumber": "M-1001"}}}""";
    static final String RESTRICTION = """
            {"right": "restriction", "organisationId": "ecs",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"restrictionGround": "ACCURACY_CONTESTED", "description": "My survey answers are attributed to me wrongly."}}""";
    static final String OBJECTION = """
            {"right": "objection", "organisationId": "empower",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"objectionDirectMarketing": true}}""";
    static final String PORTABILITY = """
            {"right": "portability", "organisationId": "rip", "serviceId": "rip-website",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"portabilityTargetController": "Another Learning Provider Ltd"}}""";
    static final String CONSENT_WITHDRAWAL = """
            {"right": "consent_withdrawal", "organisationId": "me-group-25",
             "subject": {"name": "Alex Example", "email": "alex@example.org"},
             "details": {"consentPurposes": ["contact-list-personal-summary"]}}""";
}
