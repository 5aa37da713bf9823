package dev.rightsflow.schemas.openapi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The credentials the services accept, as OpenAPI security schemes, and the headers of a signed call as documented
 * parameters (with examples). The wording follows what the chains check: intake's {@code IntakeSecurity} and
 * {@code ProcessorAuthentication}, the router's {@code RouterSecurity}, the connectors' {@code ConnectorsSecurity},
 * audit-log's {@code DashboardSecurity}.
 */
public final class SecuritySchemes {

    public static final String OPERATOR_TOKEN = "operatorToken";
    public static final String STATUS_TOKEN = "statusToken";
    public static final String REGISTRY_TOKEN = "registryToken";
    public static final String STAFF_BASIC = "staffBasic";
    public static final String STAFF_SESSION = "staffSession";
    public static final String PROCESSOR_SIGNATURE = "processorSignature";
    public static final String PROCESSOR_KEY = "processorKey";
    public static final String OPENDSR_SIGNATURE = "openDsrSignature";

    /** The processor API's headers (intake's {@code ProcessorAuthentication}). */
    static final String ORGANISATION_HEADER = "X-Rightsflow-Organisation";
    static final String TIMESTAMP_HEADER = "X-Rightsflow-Timestamp";
    static final String SIGNATURE_HEADER = "X-Rightsflow-Signature";
    /** OpenDSR 2.0's signature headers (§8.8). */
    static final String OPENDSR_DOMAIN_HEADER = "X-OpenDSR-Processor-Domain";
    static final String OPENDSR_SIGNATURE_HEADER = "X-OpenDSR-Signature";

    private SecuritySchemes() {
    }

    static Map<String, SecurityScheme> all() {
        Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
        schemes.put(OPERATOR_TOKEN, bearer("An operator token of the service, as `Authorization: Bearer <token>`: "
                + "INTAKE_OPERATOR_TOKEN for intake, CONNECTORS_OPERATOR_TOKEN for the connectors (the standalone's "
                + "demo: `dev-intake-operator-token`, `dev-connectors-operator-token`)."));
        schemes.put(STATUS_TOKEN, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name("X-Status-Token").description("The status token the receipt of a request gave (once): it reads "
                        + "that request's status, confirms the identity code and withdraws it. A wrong token is 404, "
                        + "as an unknown request is."));
        schemes.put(REGISTRY_TOKEN, bearer("The router's admin token (ROUTER_ADMIN_TOKEN), or an organisation's own "
                + "token on its own entries (its webhook deliveries, the requests forwarded to it)."));
        schemes.put(STAFF_BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                .description("A staff user of the one staff user store (rightsflow.audit-log.users; the demo run has its demo users)."));
        schemes.put(STAFF_SESSION, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.COOKIE)
                .name("SESSION").description("The dashboard's session after signing in at /dashboard/login. A call other "
                        + "than GET made with the session alone must carry the `X-Rightsflow-Staff-Page` header (which no "
                        + "other site's page can make a browser send), or it is refused with 403."));
        schemes.put(PROCESSOR_SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name(SIGNATURE_HEADER).description("A processor organisation whose registry entry says HMAC: `"
                        + ORGANISATION_HEADER + "` names it, `" + TIMESTAMP_HEADER + "` is the Unix time in seconds and `"
                        + SIGNATURE_HEADER + "` is `v1=` followed by the lower-case hex of HMAC-SHA256(secret, timestamp + "
                        + "\".\" + raw body). A stale timestamp or a signature seen before is refused (401)."));
        schemes.put(PROCESSOR_KEY, bearer("A processor organisation whose registry entry says BEARER: `"
                + ORGANISATION_HEADER + "` names it and `Authorization: Bearer <key>` carries its key."));
        schemes.put(OPENDSR_SIGNATURE, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                .name(OPENDSR_SIGNATURE_HEADER).description("OpenDSR 2.0 §8.8: `" + OPENDSR_DOMAIN_HEADER + "` names a "
                        + "trusted peer (rightsflow.opendsr.peers) and `" + OPENDSR_SIGNATURE_HEADER + "` is the Base64 "
                        + "signature (SHA-256 with RSA PKCS#1 v1.5 or ECDSA) of the raw body with the key of that peer's certificate. A signature that "
                        + "does not verify is 403 in OpenDSR's error form."));
        return schemes;
    }

    private static SecurityScheme bearer(String description) {
        return new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description(description);
    }

    /** The header parameters a call of this access carries besides its credentials' own header, by component name. */
    static Map<String, Parameter> headers(Access access) {
        Map<String, Parameter> headers = new LinkedHashMap<>();
        if (access == Access.PROCESSOR || access == Access.OPENDSR_PROCESSOR) {
            headers.put("processorOrganisation", header(ORGANISATION_HEADER, true,
                    "The processor organisation calling (its registry id).", "mes"));
            headers.put("processorTimestamp", header(TIMESTAMP_HEADER, false,
                    "With an HMAC signature: the Unix time in seconds, inside the signed text.", "1767261600"));
            headers.put("processorSignatureHeader", header(SIGNATURE_HEADER, false,
                    "With an HMAC signature: `v1=` and the hex HMAC-SHA256 of timestamp + \".\" + raw body.",
                    "v1=5f0c6c1b2f0e8d4f8b1b3f9a1d2c7e6a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e"));
        }
        if (access == Access.OPENDSR_PROCESSOR || access == Access.OPENDSR_PEER) {
            boolean required = access == Access.OPENDSR_PEER;
            headers.put("openDsrDomain", header(OPENDSR_DOMAIN_HEADER, required,
                    "The OpenDSR domain of the signer (a trusted peer).", "opendsr.leeds.example"));
            headers.put("openDsrSignatureHeader", header(OPENDSR_SIGNATURE_HEADER, required,
                    "Base64 SHA-256 signature (RSA or ECDSA) of the raw body with the named domain's certificate.",
                    "kH3Qj5oV2r6mXbE1n0cYp8tLw4sZ9dUf7aRgT2yKx6VqM1hN3jB5eC8oP0iW4lS7uD9fG2kA6zX1vQ5rY3tE8w=="));
        }
        return headers;
    }

    private static Parameter header(String name, boolean required, String description, String example) {
        return new HeaderParameter().name(name).required(required).description(description)
                .schema(new StringSchema()).example(example);
    }

    /** The credentials' alternatives as OpenAPI security requirements. */
    static List<io.swagger.v3.oas.models.security.SecurityRequirement> requirements(Access access) {
        return access.alternatives().stream().map(all -> {
            var requirement = new io.swagger.v3.oas.models.security.SecurityRequirement();
            all.forEach(requirement::addList);
            return requirement;
        }).toList();
    }
}
