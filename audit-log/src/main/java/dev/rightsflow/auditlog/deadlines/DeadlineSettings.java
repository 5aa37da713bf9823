package dev.rightsflow.auditlog.deadlines;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deadline calculator ({@code rightsflow.audit-log.deadlines.*}).
 *
 * @param holidaysFile           a gov.uk bank-holidays JSON downloaded from
 *                               https://www.gov.uk/bank-holidays.json, used instead of the snapshot
 *                               shipped in the engine (the refresh); empty for the snapshot
 * @param libraryFillThroughYear last year the jollyday rules may fill after the gov.uk list ends;
 *                               0 never fills, so a year gov.uk has not published is refused
 */
@ConfigurationProperties("rightsflow.audit-log.deadlines")
public record DeadlineSettings(
        @DefaultValue("") String holidaysFile,
        @DefaultValue("0") int libraryFillThroughYear) {
}
