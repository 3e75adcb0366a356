package dev.dlt4j.progress;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns running totals per table (what a stage already keeps) into counter increments, so a stage
 * can report progress every so many rows without counting twice. Reads nothing when progress is off.
 */
public final class RowCountReporter {
    private final ProgressListener listener;
    private final Map<String, Long> reported = new HashMap<>();

    public RowCountReporter(ProgressListener listener) {
        this.listener = listener;
    }

    /** Reports what grew since the last call; {@code totals} is only evaluated when progress is on. */
    public void report(Supplier<Map<String, Long>> totals) {
        if (listener == ProgressListener.NONE || listener instanceof NullCollector) {
            return;
        }
        totals.get().forEach((table, total) -> {
            long delta = total - reported.getOrDefault(table, 0L);
            if (delta > 0) {
                listener.update(table, delta);
                reported.put(table, total);
            }
        });
    }
}
