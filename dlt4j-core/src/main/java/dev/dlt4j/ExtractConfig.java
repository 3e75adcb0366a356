package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.util.Objects;

/**
 * Settings of the pipe iterator ({@code [extract]} and its per-source sections), the bound on
 * the boundary hashes an incremental cursor keeps ({@code incremental_max_boundary_hashes}), and
 * the rows after which extract starts a new load package ({@code package_max_items}, 0 = never).
 */
public record ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode,
        int incrementalMaxBoundaryHashes, long packageMaxItems) {
    /** Every field at its key's declared default. */
    public static final ExtractConfig DEFAULTS = new ExtractConfig(ConfigKey.EXTRACT_WORKERS.defaultValue().orElseThrow(),
            ConfigKey.MAX_PARALLEL_ITEMS.defaultValue().orElseThrow(),
            ConfigKey.NEXT_ITEM_MODE.defaultValue().orElseThrow(),
            ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES.defaultValue().orElseThrow(),
            ConfigKey.PACKAGE_MAX_ITEMS.defaultValue().orElseThrow());

    /** The pipe iterator's settings, with the default bound on boundary hashes and one package per extract. */
    public ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode) {
        this(workers, maxParallelItems, nextItemMode,
                ConfigKey.INCREMENTAL_MAX_BOUNDARY_HASHES.defaultValue().orElseThrow());
    }

    /** The settings with one package per extract. */
    public ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode, int incrementalMaxBoundaryHashes) {
        this(workers, maxParallelItems, nextItemMode, incrementalMaxBoundaryHashes,
                ConfigKey.PACKAGE_MAX_ITEMS.defaultValue().orElseThrow());
    }

    /** This config with another bound on the boundary hashes an incremental cursor keeps. */
    public ExtractConfig withIncrementalMaxBoundaryHashes(int value) {
        return new ExtractConfig(workers, maxParallelItems, nextItemMode, value, packageMaxItems);
    }

    /**
     * This config with extract starting a new load package every {@code value} rows (0 = one
     * package per extract): package N+1 then normalizes while package N loads.
     */
    public ExtractConfig withPackageMaxItems(long value) {
        return new ExtractConfig(workers, maxParallelItems, nextItemMode, incrementalMaxBoundaryHashes, value);
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
        if (packageMaxItems < 0) {
            throw new IllegalArgumentException("package_max_items must be at least 0 (0 = one package per extract), got "
                    + packageMaxItems);
        }
    }
}
