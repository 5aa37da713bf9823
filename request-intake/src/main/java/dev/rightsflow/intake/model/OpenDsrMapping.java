package dev.rightsflow.intake.model;

import java.util.Locale;

/**
 * How intake's flow maps onto the OpenDSR protocol (v1.0): its three request types and its four
 * status values.
 */
public final class OpenDsrMapping {

    public static final String API_VERSION = "1.0";

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
     * refused.
     */
    public static String status(String state) {
        return switch (state) {
            case "IN_PROGRESS", "READY_TO_ANSWER" -> "in_progress";
            case "CLOSED" -> "completed";
            case "REFUSED" -> "cancelled";
            default -> "pending";
        };
    }
}
