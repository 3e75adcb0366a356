package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the load stage ({@code [load]}) and {@code [destination] replace_strategy}.
 * {@code atomicPackages}: on a destination with transactions, a package's data becomes visible at
 * once (one transaction per package) or not at all. {@code retryAttempts} and {@code retryBackoff}:
 * how often, and after what wait, a job or package transaction that fails transiently is tried again.
 */
public record LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs,
        ReplaceStrategy replaceStrategy, boolean atomicPackages, int retryAttempts, Duration retryBackoff) {
    /** Every field at its key's declared default. */
    public static final LoadConfig DEFAULTS = new LoadConfig(ConfigKey.LOAD_WORKERS.defaultValue().orElseThrow(),
            ConfigKey.DELETE_COMPLETED_JOBS.defaultValue().orElseThrow(),
            ConfigKey.RAISE_ON_FAILED_JOBS.defaultValue().orElseThrow(),
            ConfigKey.REPLACE_STRATEGY.defaultValue().orElseThrow(), ConfigKey.ATOMIC_PACKAGES.defaultValue().orElseThrow(),
            ConfigKey.RETRY_ATTEMPTS.defaultValue().orElseThrow(), ConfigKey.RETRY_BACKOFF.defaultValue().orElseThrow());

    public LoadConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("load workers must be at least 1, got " + workers);
        }
        if (retryAttempts < 1) {
            throw new IllegalArgumentException("load retry_attempts must be at least 1 (1 = no retry), got "
                    + retryAttempts);
        }
        Objects.requireNonNull(replaceStrategy, "replaceStrategy");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("load retry_backoff must not be negative, got " + retryBackoff);
        }
    }

    /** The other fields at their defaults. */
    public LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs) {
        this(workers, deleteCompletedJobs, raiseOnFailedJobs, DEFAULTS.replaceStrategy(), DEFAULTS.atomicPackages(),
                DEFAULTS.retryAttempts(), DEFAULTS.retryBackoff());
    }

    /** Retries at their defaults. */
    public LoadConfig(int workers, boolean deleteCompletedJobs, boolean raiseOnFailedJobs,
            ReplaceStrategy replaceStrategy, boolean atomicPackages) {
        this(workers, deleteCompletedJobs, raiseOnFailedJobs, replaceStrategy, atomicPackages,
                DEFAULTS.retryAttempts(), DEFAULTS.retryBackoff());
    }

    public LoadConfig withReplaceStrategy(ReplaceStrategy value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, value, atomicPackages, retryAttempts,
                retryBackoff);
    }

    public LoadConfig withAtomicPackages(boolean value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, replaceStrategy, value, retryAttempts,
                retryBackoff);
    }

    public LoadConfig withRetryAttempts(int value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, replaceStrategy, atomicPackages, value,
                retryBackoff);
    }

    public LoadConfig withRetryBackoff(Duration value) {
        return new LoadConfig(workers, deleteCompletedJobs, raiseOnFailedJobs, replaceStrategy, atomicPackages,
                retryAttempts, value);
    }

    /**
     * The wait before attempt {@code retry + 1} (retry counts from 1): {@code retryBackoff × 2^retry},
     * at most 2 s, or {@code retryBackoff} itself when that is longer.
     */
    public Duration backoff(int retry) {
        long base = retryBackoff.toMillis();
        long cap = Math.max(2000L, base);
        long wait = base == 0 ? 0 : base << Math.min(Math.max(retry, 0), 20);
        return Duration.ofMillis(wait < 0 ? cap : Math.min(cap, wait));
    }
}
