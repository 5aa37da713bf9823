package dev.rightsflow.standalone;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.rightsflow.schemas.embedded.IndexedDiskBackend;

/**
 * The disk-backed embedded store as an operator watches it: the file's size and the share of it that is live (a burst
 * grows the file to several times its live pages until a clean stop compacts it), and its commits (how many, how long
 * each held every command of every service, how long writing and forcing them took). Bound only when the standalone
 * runs the disk store; every value reads the store as of its last commit, NaN before it is open.
 */
final class EmbeddedStoreMetrics implements MeterBinder {

    private final Supplier<IndexedDiskBackend> store;

    EmbeddedStoreMetrics(Supplier<IndexedDiskBackend> store) {
        this.store = store;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("rightsflow.store.file.size", store, use(u -> u.bytes())).baseUnit(BaseUnits.BYTES)
                .description("the embedded store's file (data/mongo/store.mv.db), as of its last commit").register(registry);
        Gauge.builder("rightsflow.store.file.live.ratio", store, use(IndexedDiskBackend.FileUse::liveShare))
                .description("the share of the embedded store's file its live pages take (0 to 1); a clean stop compacts"
                        + " the file when it is below 0.5").register(registry);
        FunctionCounter.builder("rightsflow.store.commits", store, times(IndexedDiskBackend.CommitTimes::commits))
                .description("commits of the embedded store").register(registry);
        FunctionTimer.builder("rightsflow.store.commit.held", store, count(),
                times(IndexedDiskBackend.CommitTimes::heldTotal), TimeUnit.NANOSECONDS)
                .description("how long each commit held every command of every service (it cuts its version)").register(registry);
        TimeGauge.builder("rightsflow.store.commit.held.max", store, TimeUnit.NANOSECONDS,
                times(IndexedDiskBackend.CommitTimes::heldMax))
                .description("the longest a commit held every command since the start").register(registry);
        FunctionTimer.builder("rightsflow.store.commit.write", store, count(),
                times(t -> t.writtenTotal() + t.syncedTotal()), TimeUnit.NANOSECONDS)
                .description("how long each commit took to write its pages and force them to the disk (commands go on"
                        + " meanwhile)").register(registry);
    }

    private static ToDoubleFunction<Supplier<IndexedDiskBackend>> use(ToDoubleFunction<IndexedDiskBackend.FileUse> value) {
        return s -> {
            IndexedDiskBackend open = s.get();
            return open == null ? Double.NaN : value.applyAsDouble(open.fileUse());
        };
    }

    private static java.util.function.ToLongFunction<Supplier<IndexedDiskBackend>> count() {
        return s -> {
            IndexedDiskBackend open = s.get();
            return open == null ? 0 : open.commitTimes().commits();
        };
    }

    private static ToDoubleFunction<Supplier<IndexedDiskBackend>> times(ToDoubleFunction<IndexedDiskBackend.CommitTimes> value) {
        return s -> {
            IndexedDiskBackend open = s.get();
            return open == null ? Double.NaN : value.applyAsDouble(open.commitTimes());
        };
    }
}
