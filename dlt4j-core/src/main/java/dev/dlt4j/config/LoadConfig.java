package dev.dlt4j.config;

/** Settings of the load stage ({@code [load]}) and {@code [destination] replace_strategy}. */
public record LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs,
        ReplaceStrategy replaceStrategy) {
    public static final LoadConfig DEFAULTS = new LoadConfig(20, false, true, ReplaceStrategy.TRUNCATE_AND_INSERT);

    public LoadConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("load workers must be at least 1, got " + workers);
        }
        java.util.Objects.requireNonNull(replaceStrategy, "replaceStrategy");
    }

    public LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs) {
        this(workers, deleteCompletedJobs, raiseOnFailedJobs, ReplaceStrategy.TRUNCATE_AND_INSERT);
    }

    public LoadConfig withReplaceStrategy(ReplaceStrategy value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, value);
    }
}
