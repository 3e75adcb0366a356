package dev.dlt4j.duckdb;

import dev.dlt4j.spi.DestinationContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The DuckDB settings one load applies to its connection: {@code memory_limit} and {@code threads}
 * (each set in code or URI, else {@code [destination.duckdb]} of the pipeline's config, else
 * the default: for the memory limit half the JVM's maximum heap, for threads DuckDB's own) and the storage version of a new file. Resolved when the destination is
 * opened, on the loading thread; the values were validated when the pipeline's config was built.
 */
record DuckDbSettings(Optional<String> memoryLimit, Optional<Integer> threads, String storageVersion) {

    /** Values given in code or URI win; the others come from the context's config. */
    static DuckDbSettings resolve(DestinationContext context, Optional<String> memoryLimit, Optional<Integer> threads,
            Optional<String> storageVersion) {
        var config = context.config();
        String pipeline = context.pipelineName();
        return new DuckDbSettings(
                memoryLimit.or(() -> config.destinationOptional(pipeline, DuckDbConfigKeys.MEMORY_LIMIT).value())
                        .or(() -> Optional.of(defaultMemoryLimit(Runtime.getRuntime().maxMemory()))),
                threads.or(() -> config.destinationOptional(pipeline, DuckDbConfigKeys.THREADS).value()),
                storageVersion.orElseGet(() -> config.destination(pipeline, DuckDbConfigKeys.STORAGE_VERSION).value()));
    }

    /**
     * The memory limit when none is set: half the JVM's maximum heap ({@code -Xmx}), at least 128 MB,
     * so that one option bounds the whole process (the launcher's {@code -Xmx512m} gives DuckDB
     * 256 MB: flat-pages 1M peaks at ~370 MB RSS instead of ~490 MB, measured, docs/performance.md).
     * DuckDB spills to disk beyond it.
     */
    static String defaultMemoryLimit(long maxHeapBytes) {
        long mb = Math.max(128, maxHeapBytes / 2 / (1024 * 1024));
        return mb + "MB";
    }

    /** {@code SET memory_limit} and {@code SET threads} on the connection, for those that are set. */
    void applyTo(Connection connection) {
        try (Statement st = connection.createStatement()) {
            if (memoryLimit.isPresent()) {
                st.execute("SET memory_limit = '" + memoryLimit.get().replace("'", "''") + "'");
            }
            if (threads.isPresent()) {
                st.execute("SET threads = " + threads.get());
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException("DuckDB refused memory_limit " + memoryLimit.orElse("(unset)")
                    + " or threads " + threads.map(String::valueOf).orElse("(unset)") + ": " + e.getMessage(), e);
        }
    }
}
