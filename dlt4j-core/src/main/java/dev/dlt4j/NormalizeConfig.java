package dev.dlt4j;

import dev.dlt4j.config.ConfigKey;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the normalize stage ({@code [normalize]}): worker threads, the loader file
 * format of the job files ({@code loader_file_format}; empty = the destination's preferred one),
 * and whether a run normalizes files while extract still writes its package ({@code during_extract}).
 */
public record NormalizeConfig(int workers, Optional<LoaderFileFormat> loaderFileFormat, boolean duringExtract) {
    /** Every field at its key's declared default. */
    public static final NormalizeConfig DEFAULTS = new NormalizeConfig(
            ConfigKey.NORMALIZE_WORKERS.defaultValue().orElseThrow(),
            ConfigKey.LOADER_FILE_FORMAT.defaultValue(),
            ConfigKey.NORMALIZE_DURING_EXTRACT.defaultValue().orElseThrow());

    public NormalizeConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("normalize workers must be at least 1, got " + workers);
        }
        Objects.requireNonNull(loaderFileFormat, "loaderFileFormat");
    }

    public NormalizeConfig(int workers) {
        this(workers, DEFAULTS.loaderFileFormat());
    }

    public NormalizeConfig(int workers, Optional<LoaderFileFormat> loaderFileFormat) {
        this(workers, loaderFileFormat, DEFAULTS.duringExtract());
    }

    /** The same settings with normalizing during extract on or off. */
    public NormalizeConfig withDuringExtract(boolean value) {
        return new NormalizeConfig(workers, loaderFileFormat, value);
    }

    /** The same settings with job files in {@code value}, whatever the destination prefers (if it reads it). */
    public NormalizeConfig withLoaderFileFormat(LoaderFileFormat value) {
        return new NormalizeConfig(workers, Optional.of(value), duringExtract);
    }
}
