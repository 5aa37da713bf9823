package dev.rightsflow.deadline;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the law needs to know to time a request (Art 12(3) and Art 12A UK GDPR).
 *
 * @param division          the controller's UK division (its bank holidays)
 * @param received          the day the request was received (the earliest receipt in a
 *                          forwarding chain: a processor's delay does not extend the controller's
 *                          time, EDPB Guidelines 07/2020 para 129)
 * @param identityVerified  the day the identity information the controller asked for arrived,
 *                          or {@code null} when none was asked for or it has not arrived
 * @param feeReceived       the day a fee that may be charged arrived, or {@code null}
 * @param pauses            clarification pauses ("stop the clock"), in any order
 * @param extended          whether the controller has extended by up to two further months
 *                          (Art 12(3)), having told the requester within the first month
 */
public record ClockFacts(
        UkDivision division,
        LocalDate received,
        LocalDate identityVerified,
        LocalDate feeReceived,
        List<Pause> pauses,
        boolean extended) {

    public ClockFacts {
        Objects.requireNonNull(division, "division");
        Objects.requireNonNull(received, "received");
        pauses = pauses == null ? List.of() : List.copyOf(pauses);
    }

    /** A request received on a day, with nothing else known yet. */
    public static ClockFacts received(UkDivision division, LocalDate received) {
        return new ClockFacts(division, received, null, null, List.of(), false);
    }

    public ClockFacts withIdentityVerified(LocalDate day) {
        return new ClockFacts(division, received, day, feeReceived, pauses, extended);
    }

    public ClockFacts withFeeReceived(LocalDate day) {
        return new ClockFacts(division, received, identityVerified, day, pauses, extended);
    }

    public ClockFacts withPauses(List<Pause> newPauses) {
        return new ClockFacts(division, received, identityVerified, feeReceived, newPauses, extended);
    }

    /** These facts with one more pause. */
    public ClockFacts withPause(Pause pause) {
        List<Pause> all = new ArrayList<>(pauses);
        all.add(pause);
        return withPauses(all);
    }

    public ClockFacts withExtended(boolean isExtended) {
        return new ClockFacts(division, received, identityVerified, feeReceived, pauses, isExtended);
    }

    public ClockFacts withDivision(UkDivision newDivision) {
        return new ClockFacts(newDivision, received, identityVerified, feeReceived, pauses, extended);
    }

    /**
     * The day the clock starts: the latest of receipt, identity verification and fee (Art 12A
     * UK GDPR, DUAA 2025 ss.75-79).
     */
    public LocalDate clockStart() {
        LocalDate start = received;
        if (identityVerified != null && identityVerified.isAfter(start)) {
            start = identityVerified;
        }
        if (feeReceived != null && feeReceived.isAfter(start)) {
            start = feeReceived;
        }
        return start;
    }

    /** Whether a clarification is still awaited, so the due date is not yet known. */
    public boolean paused() {
        return pauses.stream().anyMatch(Pause::isOngoing);
    }
}
