package dev.rightsflow.intake.opendsr.model;

import dev.rightsflow.intake.request.model.RightType;
import dev.rightsflow.intake.status.model.StatusReport;
import dev.rightsflow.intake.request.model.Subject;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How intake's flow maps onto OpenDSR 2.0: its three request types (§6.2), its four statuses (§8),
 * its identities (§5) and its regulations (§7.1.1).
 */
public final class OpenDsrMapping {

    public static final String API_VERSION = "2.0";

    /** The identifier key under which the subject's identities travel in {@code Subject.identifiers}. */
    public static final String IDENTIFIER_PREFIX = "opendsr:";

    private OpenDsrMapping() {
    }

    /** OpenDSR's {@code subject_request_type}: erasure, access, portability; anything else is null. */
    public static RightType right(String subjectRequestType) {
        if (subjectRequestType == null) {
            return null;
        }
        return switch (subjectRequestType.toLowerCase(Locale.ROOT)) {
            case "erasure" -> RightType.ERASURE;
            case "access" -> RightType.ACCESS;
            case "portability" -> RightType.PORTABILITY;
            default -> null;
        };
    }

    public static String requestType(RightType right) {
        return right == null ? null : switch (right) {
            case ERASURE -> "erasure";
            case ACCESS -> "access";
            case PORTABILITY -> "portability";
            default -> right.code();
        };
    }

    /**
     * OpenDSR's {@code request_status} for a {@link StatusReport#state()}: pending until the
     * controller accepted, in_progress while tasks run, completed when closed, cancelled when
     * refused or cancelled by the submitter.
     */
    public static String status(String state, boolean cancelled) {
        if (cancelled) {
            return "cancelled";
        }
        return switch (state) {
            case "IN_PROGRESS", "READY_TO_ANSWER" -> "in_progress";
            case "CLOSED" -> "completed";
            case "REFUSED", "WITHDRAWN" -> "cancelled";
            default -> "pending";
        };
    }

    /** The subject's identities as this platform holds them: a raw email is the email, the rest are identifiers. */
    public record Identities(String email, Map<String, String> identifiers) {
    }

    /**
     * Splits OpenDSR identities (type, value, format triples, §5.3) into the subject's email (the
     * first raw {@code email}) and identifiers keyed {@code opendsr:<type>} for raw values and
     * {@code opendsr:<type>:<format>} for digests. Every type is kept: one the organisation cannot
     * match is for the router's triage, never a reason to refuse.
     */
    public static Identities identities(List<String[]> typeValueFormat) {
        String email = null;
        Map<String, String> identifiers = new LinkedHashMap<>();
        for (String[] identity : typeValueFormat) {
            String type = identity[0];
            String value = identity[1].trim();
            String format = identity[2];
            if (email == null && "email".equals(type) && "raw".equals(format)) {
                email = value;
                continue;
            }
            String key = IDENTIFIER_PREFIX + type + ("raw".equals(format) ? "" : ":" + format);
            identifiers.merge(key, value, (a, b) -> a + "," + b);
        }
        return new Identities(email, identifiers);
    }

    /**
     * When a request is expected to be fulfilled under its regulation: under {@code gdpr} the
     * statutory deadline (one month, Art 12(3), end of that UK day) or, while none is known, one
     * calendar month from receipt; under {@code ccpa} 45 calendar days from receipt (Cal. Civ. Code
     * §1798.130(a)(2)).
     */
    public static Instant expectedCompletion(String regulation, Instant receivedAt, LocalDate statutoryDeadline) {
        if ("ccpa".equals(regulation)) {
            return receivedAt.plus(45, ChronoUnit.DAYS);
        }
        if (statutoryDeadline != null) {
            return endOfUkDay(statutoryDeadline);
        }
        return receivedAt.atZone(UK).plusMonths(1).toInstant();
    }

    public static Instant endOfUkDay(LocalDate day) {
        return day.atTime(LocalTime.of(23, 59, 59)).atZone(UK).toInstant();
    }
}
