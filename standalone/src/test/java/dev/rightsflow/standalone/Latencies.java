package dev.rightsflow.standalone;

import java.util.Arrays;

/**
 * Durations in nanoseconds, added from any thread, read as percentiles in milliseconds: what the benchmark main
 * classes report. A duration may be negative (one clock's event before another's, within the clocks' precision).
 */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The value at or below which a share {@code p} of the values lie, in ms; NaN when there is none. */
    synchronized double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }

    synchronized double maxMillis() {
        return percentileMillis(1.0);
    }
}
