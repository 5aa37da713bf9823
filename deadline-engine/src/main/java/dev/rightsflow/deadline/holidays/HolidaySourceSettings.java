package dev.rightsflow.deadline.holidays;

import java.time.Duration;

/**
 * Where every service reads bank holidays from ({@code rightsflow.holidays.*}, bound by each
 * service's configuration so that all of them use the same source).
 *
 * @param file       a bank-holidays list in gov.uk's format (a download of
 *                   https://www.gov.uk/bank-holidays.json), re-read whenever it changes; empty for
 *                   the snapshot shipped in the engine only. A fetched list is written here, so
 *                   every service reading the same file takes it up.
 * @param url        a URL serving gov.uk's format, fetched every {@code fetchEvery}; empty (the
 *                   default) never fetches. {@code https://www.gov.uk/bank-holidays.json} is the
 *                   government's own.
 * @param checkEvery how often the file is checked for a change (default 30 seconds)
 * @param fetchEvery how often the URL is fetched (default one day)
 */
public record HolidaySourceSettings(String file, String url, Duration checkEvery, Duration fetchEvery) {

    public HolidaySourceSettings {
        file = file == null ? "" : file.trim();
        url = url == null ? "" : url.trim();
        checkEvery = checkEvery == null || checkEvery.isZero() || checkEvery.isNegative() ? Duration.ofSeconds(30) : checkEvery;
        fetchEvery = fetchEvery == null || fetchEvery.isZero() || fetchEvery.isNegative() ? Duration.ofDays(1) : fetchEvery;
    }

    /** The shipped snapshot only: no file, no fetch. */
    public static HolidaySourceSettings snapshotOnly() {
        return new HolidaySourceSettings("", "", null, null);
    }

    /** A refresh file checked every {@code checkEvery}, no fetch. */
    public static HolidaySourceSettings file(String file, Duration checkEvery) {
        return new HolidaySourceSettings(file, "", checkEvery, null);
    }
}
