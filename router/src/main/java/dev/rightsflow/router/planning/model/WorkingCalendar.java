package dev.rightsflow.router.planning.model;

import dev.rightsflow.router.registry.model.Division;
import java.time.LocalDate;

/** Working days of a UK division (weekends and that division's bank holidays excluded). */
public interface WorkingCalendar {

    boolean isWorkingDay(Division division, LocalDate day);

    /** The working day {@code workingDays} working days before {@code from} (from itself not counted). */
    default LocalDate minusWorkingDays(Division division, LocalDate from, int workingDays) {
        LocalDate day = from;
        int left = workingDays;
        while (left > 0) {
            day = day.minusDays(1);
            if (isWorkingDay(division, day)) {
                left--;
            }
        }
        return day;
    }
}
