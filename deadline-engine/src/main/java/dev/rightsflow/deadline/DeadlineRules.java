package dev.rightsflow.deadline;

/** The stable names of the rules that appear in {@link DeadlineStep#rule()}. */
public final class DeadlineRules {
    /** Receipt of the request; the day of receipt is day one (ICO, since August 2019). */
    public static final String RECEIVED = "received";
    /** Clock start moved to identity verification or fee (Art 12A). */
    public static final String CLOCK_START = "clock-start";
    /** The corresponding calendar date one (or three) months on (Art 12(3), ICO method). */
    public static final String CORRESPONDING_DATE = "corresponding-date";
    /** No corresponding date in that month: the last day of the month (ICO method). */
    public static final String MONTH_END = "month-end";
    /** An extension by two further months: three months from the clock start (Art 12(3)). */
    public static final String EXTENSION = "extension";
    /** Days the clock was stopped for clarification are added (Art 12A). */
    public static final String PAUSED_DAYS_ADDED = "paused-days-added";
    /** A clarification is still awaited: the due date is not yet known (Art 12A). */
    public static final String PAUSE_ONGOING = "pause-ongoing";
    /** The date fell on a Saturday or Sunday and moved to the next working day (ICO method). */
    public static final String WEEKEND = "weekend";
    /** The date fell on a bank holiday of the division and moved to the next working day. */
    public static final String BANK_HOLIDAY = "bank-holiday";
    /** Working days counted for an organisation's own target. */
    public static final String WORKING_DAYS = "working-days";
    /** Calendar days counted for another regime's limit (CCPA/CPRA, LGPD). */
    public static final String CALENDAR_DAYS = "calendar-days";
    /**
     * The date depends on bank holidays gov.uk has not published yet, computed from the rules:
     * it is provisional, and worked out again when the list arrives.
     */
    public static final String PROVISIONAL = "provisional";
    /** The final due date. */
    public static final String DUE = "due";

    private DeadlineRules() {
    }
}
