package dev.rightsflow.router.cases.kafka;

import dev.rightsflow.router.PeriodicCheck;
import java.time.Clock;
import java.time.Duration;


import dev.rightsflow.router.cases.application.CaseService;
import dev.rightsflow.schemas.privacy.KeyStore;

/**
 * Erases, on a fixed interval and with the router's clock, the requester's personal data of every request whose
 * organisation's retention period for request records has ended since it was closed
 * ({@link CaseService#eraseAfterRetention}): the request's data key is deleted (crypto-shredding) and
 * {@code PersonalDataErased} is published. Runs on its own single thread.
 */
public class RetentionSchedule extends PeriodicCheck {

    private final CaseService cases;
    private final KeyStore keys;
    private final Clock clock;

    public RetentionSchedule(CaseService cases, KeyStore keys, Clock clock, Duration interval,
            java.util.function.BooleanSupplier catchingUp) {
        super("retention", interval, catchingUp);
        this.cases = cases;
        this.keys = keys;
        this.clock = clock;
    }

    /** One check now, on the router's clock. @return requests erased */
    @Override
    public int checkNow() {
        return cases.eraseAfterRetention(clock.instant(), keys);
    }

    @Override
    protected String describe(int done) {
        return "retention check erased the personal data of " + done + " request(s)";
    }
}
