package dev.rightsflow.schemas.model;

/**
 * A count in words, singular or plural as English wants it: "1 record", "3 records", "0 records". The one place
 * every summary a person reads (a task's outcome on the status page and the dashboard, the access package's
 * README, the audit record, problem details) writes a count, instead of "1 record(s)".
 */
public final class Counted {

    private Counted() {
    }

    /** {@code count} and the noun, its plural made by adding "s" ("record", "survey response", "row"). */
    public static String of(long count, String singular) {
        return of(count, singular, singular + "s");
    }

    /** {@code count} and the noun, for a noun whose plural is not the singular plus "s" ("1 entry", "2 entries"). */
    public static String of(long count, String singular, String plural) {
        return count + " " + (count == 1 ? singular : plural);
    }
}
