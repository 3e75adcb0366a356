package dev.dlt4j.config;

import dev.dlt4j.ReplaceStrategy;

/**
 * Settings of the load stage ({@code [load]}) and {@code [destination] replace_strategy}.
 * {@code atomicPackages}: on a destination with transactions, a package's data becomes visible at
 * once (one transaction per package) or not at all.
 */
public record LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs,
        ReplaceStrategy replaceStrategy, boolean atomicPackages) {
    public static final LoadConfig DEFAULTS = new LoadConfig(20, false, true, ReplaceStrategy.TRUNCATE_AND_INSERT,
            true);

    public LoadConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("load workers must be at least 1, got " + workers);
        }
        java.util.Objects.requireNonNull(replaceStrategy, "replaceStrategy");
    }

    public LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs) {
        this(workers, deleteCompletedJobs, raiseOnFailedJobs, ReplaceStrategy.TRUNCATE_AND_INSERT, true);
    }

    public LoadConfig withReplaceStrategy(ReplaceStrategy value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, value, atomicPackages);
    }

    public LoadConfig withAtomicPackages(boolean value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, replaceStrategy, value);
    }
}
