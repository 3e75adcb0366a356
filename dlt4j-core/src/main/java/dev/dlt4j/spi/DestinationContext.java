package dev.dlt4j.spi;

import dev.dlt4j.config.ConfigResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a destination client needs to know about the pipeline it serves: names, the dataset
 * (schema) to load into, the pipeline's working folder, the directory relative paths refer to, and
 * the pipeline's configuration. A destination reads its settings and credentials (e.g.
 * {@code [destination.postgres.credentials]}) only from {@link #config()}, never from the process
 * environment, so a pipeline's {@code environment(...)} and {@code projectDir(...)} reach it.
 */
public record DestinationContext(String pipelineName, String datasetName, Path workingDir, Path localDir,
        ConfigResolver config) {
    public DestinationContext {
        Objects.requireNonNull(config, "config");
    }

    /**
     * A context whose config holds only {@code <localDir>/.dlt/*.toml} (no environment variables):
     * for tools that open a destination outside a pipeline. A pipeline passes its own resolver.
     */
    public DestinationContext(String pipelineName, String datasetName, Path workingDir, Path localDir) {
        this(pipelineName, datasetName, workingDir, localDir, ConfigResolver.of(localDir, Map.of()));
    }
}
