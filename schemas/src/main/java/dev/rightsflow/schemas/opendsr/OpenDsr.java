package dev.rightsflow.schemas.opendsr;

import java.util.List;
import java.util.function.Function;

/**
 * The names OpenDSR 2.0 fixes: the API version, the signature headers (§8.3, §8.6) and their
 * OpenGDPR 1.0 names, which §10.1 says every party must still honour.
 */
public final class OpenDsr {

    /** The version this implementation speaks (§3.4: major.minor in {@code api_version}). */
    public static final String API_VERSION = "2.0";
    /** The major version at the start of every versioned path (§3.4). */
    public static final String MAJOR_PATH = "v2";
    /** OpenGDPR 1.0's major version path, kept as an alias (§10.1). */
    public static final String LEGACY_MAJOR_PATH = "v1";

    public static final String DOMAIN_HEADER = "X-OpenDSR-Processor-Domain";
    public static final String SIGNATURE_HEADER = "X-OpenDSR-Signature";
    /** OpenGDPR 1.0 names of the same headers (§10.1). */
    public static final String LEGACY_DOMAIN_HEADER = "X-OpenGDPR-Processor-Domain";
    public static final String LEGACY_SIGNATURE_HEADER = "X-OpenGDPR-Signature";

    /** Every header name a signer sets and a verifier reads, OpenDSR first. */
    public static final List<String> DOMAIN_HEADERS = List.of(DOMAIN_HEADER, LEGACY_DOMAIN_HEADER);
    public static final List<String> SIGNATURE_HEADERS = List.of(SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER);

    private OpenDsr() {
    }

    /**
     * The first non-blank value among {@code names} (e.g. {@link #SIGNATURE_HEADERS}: the OpenDSR name, then the
     * OpenGDPR one), read through {@code header} (a request's single-value header lookup); null if none.
     */
    public static String first(Function<String, String> header, List<String> names) {
        for (String name : names) {
            String value = header.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
