package dev.dlt4j.progress;

/**
 * What a stage tells the progress collector while it works: counters by name (a table, or
 * {@code Resources}, {@code Files}, {@code Jobs}, {@code Jobs (Failed)}), incremented per page,
 * per file or per job, never per row. Calls may come from any worker thread. {@link #NONE} ignores
 * everything, so a stage with progress off pays one no-op call per page.
 */
public interface ProgressListener {
    /** Ignores every call; the default of every stage. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void update(String counter, long increment) {
        }

        @Override
        public void total(String counter, long total) {
        }
    };

    /** True when this listener shows nothing (progress off): a stage may then skip work done only to report. */
    default boolean isOff() {
        return this == NONE;
    }

    /** Adds {@code increment} to a counter, creating it at zero first if it is new. */
    void update(String counter, long increment);

    /** Sets the expected total of a counter (shown as {@code count/total} and a percentage). */
    void total(String counter, long total);
}
