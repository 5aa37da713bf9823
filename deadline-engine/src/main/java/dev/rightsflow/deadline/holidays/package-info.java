/**
 * Bank holidays per UK division. The gov.uk list ({@link
 * dev.rightsflow.deadline.holidays.GovUkBankHolidays}, a shipped snapshot, a refresh file or a
 * fetched download) is authoritative; jollyday ({@link
 * dev.rightsflow.deadline.holidays.JollydayBankHolidays}) cross-checks it and computes every
 * other year provisionally; {@link dev.rightsflow.deadline.holidays.UkBankHolidays} combines the
 * two, and {@link dev.rightsflow.deadline.holidays.RefreshableBankHolidays} is the one source
 * every service uses, re-read without a restart when the list changes.
 */
package dev.rightsflow.deadline.holidays;
