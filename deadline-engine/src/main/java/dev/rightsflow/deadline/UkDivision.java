package dev.rightsflow.deadline;

/**
 * The UK division whose bank holidays apply to a controller's deadline.
 *
 * <p>Bank holidays are set separately for England and Wales, for Scotland and for Northern
 * Ireland (Banking and Financial Dealings Act 1971, Sch 1, and royal proclamations for one-off
 * days). The names are the same as the Avro {@code Division} symbols, so adapters map with
 * {@code UkDivision.valueOf(division.name())}.
 */
public enum UkDivision {
    ENGLAND_AND_WALES("england-and-wales"),
    SCOTLAND("scotland"),
    NORTHERN_IRELAND("northern-ireland");

    private final String govUkKey;

    UkDivision(String govUkKey) {
        this.govUkKey = govUkKey;
    }

    /** The division's top-level key in the gov.uk bank-holidays JSON. */
    public String govUkKey() {
        return govUkKey;
    }

    /** The division for a gov.uk key or an enum name, case-insensitive; empty when unknown. */
    public static java.util.Optional<UkDivision> parse(String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        String v = value.trim();
        for (UkDivision d : values()) {
            if (d.name().equalsIgnoreCase(v) || d.govUkKey.equalsIgnoreCase(v)) {
                return java.util.Optional.of(d);
            }
        }
        return java.util.Optional.empty();
    }
}
