package dev.rightsflow.deadline;

import java.time.ZoneId;

/**
 * The UK's clock, defined once for every service: {@code Europe/London} (GMT in winter, BST in summer). A UK local
 * date or time (the day a request was received, "today" for a deadline, a time shown to staff) is read on this zone.
 * It lives here, not in {@code schemas}, because the engine needs it too and stays free of {@code schemas}' frameworks,
 * and every service that needs it already depends on the engine.
 */
public final class UkTime {

    /** {@code Europe/London}. */
    public static final ZoneId UK = ZoneId.of("Europe/London");

    private UkTime() {
    }
}
