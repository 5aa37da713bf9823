package dev.rightsflow.auditlog.deadlines;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit-log's own deadline settings ({@code rightsflow.audit-log.deadlines.*}). The bank holidays
 * themselves follow {@code rightsflow.holidays.*}, the one source every service uses
 * ({@link dev.rightsflow.deadline.holidays.HolidaySourceSettings}).
 *
 * @param holidaysFile the refresh file, as it was configured before every service shared one
 *                     source: used only when {@code rightsflow.holidays.file} is empty
 */
@ConfigurationProperties("rightsflow.audit-log.deadlines")
public record DeadlineSettings(@DefaultValue("") String holidaysFile) {
}
