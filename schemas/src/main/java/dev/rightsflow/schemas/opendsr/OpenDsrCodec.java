package dev.rightsflow.schemas.opendsr;

import java.net.URI;
import java.security.PublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.rightsflow.schemas.opendsr.Messages.ErrorDetail;
import dev.rightsflow.schemas.opendsr.Messages.Identity;
import dev.rightsflow.schemas.opendsr.Messages.Request;
import dev.rightsflow.schemas.opendsr.Vocabulary.IdentityFormat;
import dev.rightsflow.schemas.opendsr.Vocabulary.IdentityType;
import dev.rightsflow.schemas.opendsr.Vocabulary.Regulation;
import dev.rightsflow.schemas.opendsr.Vocabulary.RequestType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the OpenDSR bodies ({@link Messages}) and checks a request against §5 and §7.1:
 * every rule broken is listed, in the error detail form of §7.6, and none repeats a value sent (the
 * errors must not carry identities). Fields the specification does not define are ignored on
 * reading, as extensions of other versions may add them.
 */
public final class OpenDsrCodec {

    /** §1.1: GUIDs are lowercase and version 4. */
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final int MAX_IDENTITIES = 100;
    private static final int MAX_CALLBACKS = 10;

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A request that passed every check, or the list of what is wrong with it. */
    public sealed interface Decoded {
        record Valid(Request request) implements Decoded {
        }

        record Invalid(String message, List<ErrorDetail> errors) implements Decoded {
        }
    }

    public byte[] write(Object message) {
        return json.writeValueAsBytes(message);
    }

    /** @throws JacksonException when the bytes are not that message */
    public <T> T read(byte[] body, Class<T> type) {
        return json.readValue(body, type);
    }

    /**
     * Parses and checks a request (§7.1.1). A request without {@code regulation} is taken to be a
     * {@code gdpr} one: OpenGDPR 1.0 requests have none (§10.1: they must still be honoured), and the
     * specification's own example request (§7.2) leaves it out although §7.1.1 marks it REQUIRED.
     * A {@code regulation} that is present must be one 2.0 names.
     */
    public Decoded readRequest(byte[] body) {
        Request request;
        try {
            request = json.readValue(body, Request.class);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            return new Decoded.Invalid("the body is not a well-formed OpenDSR request" + where,
                    List.of(new ErrorDetail("Parsing", e.getClass().getSimpleName(), "the body is not a well-formed OpenDSR request" + where + ".")));
        }
        if (request == null) {
            return new Decoded.Invalid("the body is empty", List.of(ErrorDetail.validation("the body is empty.")));
        }
        if (request.regulation() == null) {
            request = new Request(Regulation.GDPR.wire(), request.subjectRequestId(), request.subjectRequestType(),
                    request.subjectIdentities(), request.submittedTime(), request.apiVersion(), request.statusCallbackUrls(),
                    request.extensions());
        }
        List<ErrorDetail> errors = check(request);
        if (!errors.isEmpty()) {
            return new Decoded.Invalid(errors.get(0).message().replaceAll("\\.$", ""), errors);
        }
        return new Decoded.Valid(request);
    }

    /** What is wrong with a request, field by field; empty when nothing. */
    public static List<ErrorDetail> check(Request r) {
        List<ErrorDetail> errors = new ArrayList<>();
        if (r.regulation() == null) {
            errors.add(ErrorDetail.validation("regulation field is required."));
        } else if (Regulation.of(r.regulation()).isEmpty()) {
            errors.add(ErrorDetail.validation("regulation must be one of gdpr, ccpa."));
        }
        if (r.subjectRequestId() == null) {
            errors.add(ErrorDetail.validation("subject_request_id field is required."));
        } else if (!isUuidV4(r.subjectRequestId())) {
            errors.add(ErrorDetail.validation("subject_request_id must be a lowercase version 4 UUID."));
        }
        if (r.subjectRequestType() == null) {
            errors.add(ErrorDetail.validation("subject_request_type field is required."));
        } else if (RequestType.of(r.subjectRequestType()).isEmpty()) {
            errors.add(ErrorDetail.validation("subject_request_type must be one of access, portability, erasure."));
        }
        if (r.submittedTime() == null) {
            errors.add(ErrorDetail.validation("submitted_time field is required."));
        } else if (parseTime(r.submittedTime()) == null) {
            errors.add(ErrorDetail.validation("submitted_time must be an RFC 3339 date-time."));
        }
        boolean extensions = r.extensions() != null && !r.extensions().isEmpty();
        List<Identity> identities = r.subjectIdentities();
        if ((identities == null || identities.isEmpty()) && !extensions) {
            errors.add(ErrorDetail.validation("subject_identities field is required unless identities are given in extensions."));
        }
        if (identities != null) {
            if (identities.size() > MAX_IDENTITIES) {
                errors.add(ErrorDetail.validation("subject_identities may hold at most " + MAX_IDENTITIES + " identities."));
            }
            for (int i = 0; i < identities.size() && i < MAX_IDENTITIES; i++) {
                checkIdentity(identities.get(i), "subject_identities[" + i + "]", errors);
            }
        }
        if (r.apiVersion() != null && !(r.apiVersion().equals("2") || r.apiVersion().startsWith("2.")
                || r.apiVersion().equals("1") || r.apiVersion().startsWith("1."))) {
            errors.add(ErrorDetail.validation("api_version must be 2.x (or OpenGDPR 1.x)."));
        }
        if (r.statusCallbackUrls() != null) {
            if (r.statusCallbackUrls().size() > MAX_CALLBACKS) {
                errors.add(ErrorDetail.validation("status_callback_urls may hold at most " + MAX_CALLBACKS + " URLs."));
            }
            for (int i = 0; i < r.statusCallbackUrls().size(); i++) {
                if (!isHttpUrl(r.statusCallbackUrls().get(i))) {
                    errors.add(ErrorDetail.validation("status_callback_urls[" + i + "] must be an absolute http(s) URL."));
                }
            }
        }
        return errors;
    }

    private static void checkIdentity(Identity identity, String at, List<ErrorDetail> errors) {
        if (identity == null) {
            errors.add(ErrorDetail.validation(at + " must be an identity object."));
            return;
        }
        if (identity.identityType() == null) {
            errors.add(ErrorDetail.validation(at + ".identity_type field is required."));
        } else if (IdentityType.of(identity.identityType()).isEmpty()) {
            errors.add(ErrorDetail.validation(at + ".identity_type is not an identity type of OpenDSR 2.0 §5.1."));
        }
        if (identity.identityValue() == null || identity.identityValue().isBlank()) {
            errors.add(ErrorDetail.validation(at + ".identity_value field is required."));
        } else if (identity.identityValue().length() > 512) {
            errors.add(ErrorDetail.validation(at + ".identity_value is longer than 512 characters."));
        }
        if (identity.identityFormat() == null) {
            errors.add(ErrorDetail.validation(at + ".identity_format field is required."));
            return;
        }
        IdentityFormat format = IdentityFormat.of(identity.identityFormat()).orElse(null);
        if (format == null) {
            errors.add(ErrorDetail.validation(at + ".identity_format must be one of raw, sha1, md5, sha256."));
        } else if (identity.identityValue() != null && format != IdentityFormat.RAW) {
            int length = switch (format) {
                case SHA1 -> 40;
                case MD5 -> 32;
                default -> 64;
            };
            String value = identity.identityValue().trim();
            if (value.length() != length || !HEX.matcher(value).matches()) {
                errors.add(ErrorDetail.validation(at + ".identity_value must be a " + length + "-character hex "
                        + format.wire() + " digest."));
            }
        }
    }

    /**
     * A {@code subject_request_id} in version-4 form (§1.1, §7.1.1) derived from its parts (a
     * SHA-256 of them with the version and variant bits set): the same on every retry and
     * cancellation of one submission, different for every other. This platform's own ids are
     * name-based (version 3), which OpenDSR does not accept.
     */
    public static String derivedSubjectRequestId(String... parts) {
        byte[] hash;
        try {
            hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("opendsr\u001f" + String.join("\u001f", parts)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x40);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(hash);
        return new java.util.UUID(b.getLong(), b.getLong()).toString();
    }

    public static boolean isUuidV4(String value) {
        return value != null && UUID_V4.matcher(value).matches();
    }

    /** An RFC 3339 date-time (a {@code T} or {@code t}, a {@code Z} or an offset), or null. */
    public static Instant parseTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** RFC 3339 in UTC, to the second. */
    public static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    static boolean isHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(value.trim());
            return uri.isAbsolute() && uri.getHost() != null
                    && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A receipt (§7.3) with {@code processor_signature}: the signature of the SHA-256 digest of
     * the response body, which cannot contain its own signature, so it is taken over the body
     * written without that field (the same bytes {@link #receiptSignatureValid} rebuilds).
     */
    public Messages.Receipt signedReceipt(Messages.Receipt unsigned, OpenDsrSigner signer) {
        return unsigned.withSignature(signer.sign(write(unsigned.withSignature(null))));
    }

    public Messages.CancellationReceipt signedCancellation(Messages.CancellationReceipt unsigned, OpenDsrSigner signer) {
        return unsigned.withSignature(signer.sign(write(unsigned.withSignature(null))));
    }

    public boolean receiptSignatureValid(Messages.Receipt receipt, PublicKey key) {
        return OpenDsrVerifier.verify(write(receipt.withSignature(null)), receipt.processorSignature(), key);
    }

    public boolean cancellationSignatureValid(Messages.CancellationReceipt receipt, PublicKey key) {
        return OpenDsrVerifier.verify(write(receipt.withSignature(null)), receipt.processorSignature(), key);
    }
}
