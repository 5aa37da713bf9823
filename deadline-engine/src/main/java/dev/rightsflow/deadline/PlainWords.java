package dev.rightsflow.deadline;

import static dev.rightsflow.deadline.UkTime.UK;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Dates and times as a person in the UK reads them, for pages, emails and package indexes: dates in words
 * ("Monday 4 January 2027"), times on the UK's clock (Europe/London: GMT in winter, BST in summer) with the
 * zone's name ("Monday 4 January 2027 at 14:05 GMT"). Machine-readable fields stay ISO-8601; these go next to them.
 */
public final class PlainWords {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private PlainWords() {
    }

    /** "Monday 4 January 2027"; null for null. */
    public static String date(LocalDate date) {
        return date == null ? null : DATE.format(date);
    }

    /** "Monday 4 January 2027 at 14:05 GMT" (or BST), on the UK's clock; null for null. */
    public static String dateTime(Instant instant) {
        if (instant == null) {
            return null;
        }
        ZonedDateTime uk = instant.atZone(UK);
        return DATE.format(uk) + " at " + TIME.format(uk) + " " + zoneName(uk);
    }

    /** The day in the UK on which the instant falls. */
    public static LocalDate ukDate(Instant instant) {
        return instant == null ? null : instant.atZone(UK).toLocalDate();
    }

    /** "a, b and c". */
    public static String list(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    /** "1 record", "3 records". */
    public static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    private static String zoneName(ZonedDateTime uk) {
        return UK.getRules().isDaylightSavings(uk.toInstant()) ? "BST" : "GMT";
    }
}
