package dev.rightsflow.intake.status.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rightsflow.deadline.PlainWords;

/**
 * The history's sentences are folded once and shown many times, while names change in the registry and pages want
 * dates in words: a step stores ids and dates as markers ({@code [[org:northshire-nhs-ft]]},
 * {@code [[date:2027-01-04]]}), and these are put into words when shown ("Northshire NHS Foundation Trust",
 * "Monday 4 January 2027"). A sentence without markers (folded before they existed) is shown as it is.
 */
public final class StepWords {

    private static final Pattern MARKER = Pattern.compile("\\[\\[(org|date):([^\\]]*)\\]\\]");

    private StepWords() {
    }

    /** The marker of an organisation's id. */
    public static String org(String organisationId) {
        return organisationId == null ? "" : "[[org:" + organisationId + "]]";
    }

    /** The marker of a date. */
    public static String date(LocalDate date) {
        return date == null ? "" : "[[date:" + date + "]]";
    }

    /** The sentence in words: organisations by name, dates in words. */
    public static String render(String words, StatusReport.Names names) {
        if (words == null || !words.contains("[[")) {
            return words;
        }
        Matcher m = MARKER.matcher(words);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(2);
            String replacement;
            if (m.group(1).equals("org")) {
                replacement = names.organisation(value);
            } else {
                try {
                    replacement = PlainWords.date(LocalDate.parse(value));
                } catch (DateTimeParseException e) {
                    replacement = value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
