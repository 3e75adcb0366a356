package dev.dlt4j.config;

import java.util.Objects;

/** Settings of the pipe iterator ({@code [extract]} and its per-source sections). */
public record ExtractConfig(int workers, int maxParallelItems, NextItemMode nextItemMode) {
    public static final ExtractConfig DEFAULTS = new ExtractConfig(5, 20, NextItemMode.FIFO);

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
