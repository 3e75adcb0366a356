package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.util.Objects;

/** Settings of the pipe iterator ({@code [extract]} and its per-source sections). */
public record ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode) {
    /** Every field at its key's declared default. */
    public static final ExtractConfig DEFAULTS = new ExtractConfig(ConfigKey.EXTRACT_WORKERS.defaultValue().orElseThrow(),
            ConfigKey.MAX_PARALLEL_ITEMS.defaultValue().orElseThrow(),
            ConfigKey.NEXT_ITEM_MODE.defaultValue().orElseThrow());

    public ExtractConfig {
        Objects.requireNonNull(nextItemMode, "nextItemMode");
        if (workers < 1) {
            throw new IllegalArgumentException("extract workers must be at least 1, got " + workers);
        }
        if (maxParallelItems < 1) {
            throw new IllegalArgumentException("max_parallel_items must be at least 1, got " + maxParallelItems);
        }
    }
}
