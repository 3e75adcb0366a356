package dev.dlt4j.source.sql;

import dev.dlt4j.Config;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the connections the tables of one source hold at once ({@code [sources.sql_database]
 * workers}). The bound comes from code, else from the pipeline's config ({@code [sources.<name>]}
 * then {@code [sources.sql_database]}), read when the first table of the first run opens. A table
 * that finds no free connection does not block (its reader runs on an extract worker thread that a
 * table holding a connection may need): it yields nothing and tries again on its next step.
 */
final class ConnectionPermits {
    private final OptionalInt fromCode;
    private final String sourceName;
    private Semaphore permits; // created on first use, guarded by this
    private int size;

    ConnectionPermits(OptionalInt fromCode, String sourceName) {
        this.fromCode = fromCode;
        this.sourceName = sourceName;
    }

    /** Sizes the bound from the run's config unless code set it or it is sized already. */
    synchronized void configure(Config config) {
        if (permits != null) {
            return;
        }
        size = fromCode.orElseGet(() -> workersIn(config, sourceName).orElse(SqlSource.DEFAULT_WORKERS));
        permits = new Semaphore(size);
    }

    /** {@code workers} of {@code [sources.<name>]}, else {@code [sources.sql_database]}, checked. */
    static Optional<Integer> workersIn(Config config, String sourceName) {
        if (config == null) {
            return Optional.empty();
        }
        Optional<String> raw = config.value(List.of("sources", sourceName), "workers")
                .or(() -> config.value(List.of("sources", SqlSource.DEFAULT_NAME), "workers"));
        return raw.map(v -> SqlSourceConfigKeys.WORKERS.check("[sources." + sourceName + "]", v));
    }

    private synchronized Semaphore permits() {
        if (permits == null) {
            size = fromCode.orElse(SqlSource.DEFAULT_WORKERS);
            permits = new Semaphore(size);
        }
        return permits;
    }

    /** The bound in force (for tests and messages). */
    synchronized int size() {
        permits();
        return size;
    }

    /** True when a connection may be opened; waits at most {@code waitMillis}. */
    boolean tryAcquire(long waitMillis) throws InterruptedException {
        return permits().tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    }

    void release() {
        permits().release();
    }
}
