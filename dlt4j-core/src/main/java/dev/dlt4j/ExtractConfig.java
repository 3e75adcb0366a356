package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.util.Objects;

/**
 * Settings of the pipe iterator ({@code [extract]} and its per-source sections), and the bound on
 * the boundary hashes an incremental cursor keeps ({@code incremental_max_boundary_hashes}).
 */
public record ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode,
        int incrementalMaxBoundaryHashes) {
    /** Every field at its key's declared default. */
    public static final ExtractConfig DEFAULTS = new ExtractConfig(ConfigKey.EXTRACT_WORKERS.defaultValue().orElseThrow(),
            ConfigKey.MAX_PARALLEL_ITEMS.defaultValue().orElseThrow(),
            ConfigKey.NEXT_ITEM_MODE.defaultValue().orElseThrow(),
            ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES.defaultValue().orElseThrow());

    /** The pipe iterator's settings, with the default bound on boundary hashes. */
    public ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode) {
        this(workers, maxParallelItems, nextItemMode,
                ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES.defaultValue().orElseThrow());
    }

    /** This config with another bound on the boundary hashes an incremental cursor keeps. */
    public ExtractConfig withIncrementalMaxBoundaryHashes(int value) {
        return new ExtractConfig(workers, maxParallelItems, nextItemMode, value);
    }

    public ExtractConfig {
        Objects.requireNonNull(nextItemMode, "nextItemMode");
        if (workers < 1) {
            throw new IllegalArgumentException("extract workers must be at least 1, got " + workers);
        }
        if (incrementalMaxBoundaryHashes < 1) {
            throw new IllegalArgumentException("incremental_max_boundary_hashes must be at least 1, got "
                    + incrementalMaxBoundaryHashes);
        }
        if (maxParallelItems < 1) {
            throw new IllegalArgumentException("max_parallel_items must be at least 1, got " + maxParallelItems);
        }
    }
}
