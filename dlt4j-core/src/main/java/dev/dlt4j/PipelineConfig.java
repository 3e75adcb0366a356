package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's own settings: {@code progress} (none, log, tqdm, enlighten, alive_progress),
 * {@code pipelines_dir} (absent = the default location), {@code [runtime] log_level},
 * {@code restore_from_destination} and {@code refresh} (absent = no reset).
 */
public record PipelineConfig(String progress, Optional<Path> pipelinesDir, String logLevel,
        boolean restoreFromDestination, Optional<Refresh> refresh) {
    /** Every field at its key's declared default ({@code pipelines_dir} and {@code refresh} are unset). */
    public static final PipelineConfig DEFAULTS = new PipelineConfig(ConfigKey.PROGRESS.defaultValue().orElseThrow(),
            Optional.empty(), ConfigKey.LOG_LEVEL.defaultValue().orElseThrow());

    public PipelineConfig {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(pipelinesDir, "pipelinesDir");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(refresh, "refresh");
    }

    /** Settings with {@code restore_from_destination} and {@code refresh} at their defaults (on, unset). */
    public PipelineConfig(String progress, Optional<Path> pipelinesDir, String logLevel) {
        this(progress, pipelinesDir, logLevel, ConfigKey.RESTORE_FROM_DESTINATION.defaultValue().orElseThrow(),
                Optional.empty());
    }
}
