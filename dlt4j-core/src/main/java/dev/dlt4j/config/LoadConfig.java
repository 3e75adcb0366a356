package dev.dlt4j.config;

/** Settings of the load stage ({@code [load]}). */
public record LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs) {
    public static final LoadConfig DEFAULTS = new LoadConfig(20, false, true);

    public LoadConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("load workers must be at least 1, got " + workers);
        }
    }
}
