package dev.rightsflow.deadline;

/**
 * A time limit besides the statutory one: an organisation's own promise or another regime's
 * (the same shape as the Avro {@code ResponseTarget}). Absent parts are {@code null}.
 *
 * @param regime                 who sets it: {@link #ORGANISATION_REGIME} for the organisation's
 *                               own promise, {@code CCPA}, {@code LGPD}, ...
 * @param acknowledgeWorkingDays acknowledge within this many working days of receipt
 * @param respondWorkingDays     answer within this many working days of the clock start
 * @param respondCalendarDays    answer within this many calendar days of receipt
 * @param extensionCalendarDays  one further extension of this many calendar days
 */
public record ResponseTargetSpec(
        String regime,
        Integer acknowledgeWorkingDays,
        Integer respondWorkingDays,
        Integer respondCalendarDays,
        Integer extensionCalendarDays) {

    /**
     * CCPA/CPRA: confirm receipt within 10 business days, respond within 45 calendar days of
     * receipt, extendable once by 45 (Cal. Civ. Code 1798.130(a)(2); CCPA Regulations,
     * 11 CCR 7021).
     */
    public static final ResponseTargetSpec CCPA = new ResponseTargetSpec("CCPA", 10, null, 45, 45);

    /** LGPD (Brazil): a full answer within 15 days of the request (Lei 13.709/2018, art 19 II). */
    public static final ResponseTargetSpec LGPD = new ResponseTargetSpec("LGPD", null, null, 15, null);

    /** The regime name the router gives an organisation's own target in {@code ResponseTarget}. */
    public static final String ORGANISATION_REGIME = "UK_GDPR_ORGANISATION_TARGET";

    /**
     * An organisation's own promise in working days, e.g. Empower CIC's: acknowledge within 5,
     * answer within 20.
     */
    public static ResponseTargetSpec organisation(int acknowledgeWorkingDays, int respondWorkingDays) {
        return new ResponseTargetSpec(ORGANISATION_REGIME, acknowledgeWorkingDays, respondWorkingDays, null, null);
    }

    public ResponseTargetSpec {
        if (regime == null || regime.isBlank()) {
            throw new IllegalArgumentException("a response target needs a regime");
        }
        requireNonNegative(acknowledgeWorkingDays, "acknowledgeWorkingDays");
        requireNonNegative(respondWorkingDays, "respondWorkingDays");
        requireNonNegative(respondCalendarDays, "respondCalendarDays");
        requireNonNegative(extensionCalendarDays, "extensionCalendarDays");
    }

    private static void requireNonNegative(Integer value, String name) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
