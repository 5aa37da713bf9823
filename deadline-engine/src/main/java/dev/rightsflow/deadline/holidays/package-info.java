/**
 * Bank holidays per UK division. The gov.uk list ({@link
 * dev.rightsflow.deadline.holidays.GovUkBankHolidays}, a shipped snapshot or a refreshed file)
 * is authoritative; jollyday ({@link dev.rightsflow.deadline.holidays.JollydayBankHolidays})
 * cross-checks it and, only when configured, fills later years; {@link
 * dev.rightsflow.deadline.holidays.UkBankHolidays} combines the two and refuses any other year.
 */
package dev.rightsflow.deadline.holidays;
