package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The pipeline's own settings: {@code progress} (none, log, tqdm, enlighten, alive_progress),
 * {@code pipelines_dir} (absent = the default location) and {@code [runtime] log_level}.
 */
public record PipelineConfig(String progress, Optional<Path> pipelinesDir, String logLevel) {
    /** Every field at its key's declared default ({@code pipelines_dir} is unset). */
    public static final PipelineConfig DEFAULTS = new PipelineConfig(ConfigKey.PROGRESS.defaultValue().orElseThrow(),
            Optional.empty(), ConfigKey.LOG_LEVEL.defaultValue().orElseThrow());

    public PipelineConfig {
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(pipelinesDir, "pipelinesDir");
        Objects.requireNonNull(logLevel, "logLevel");
    }
}
