package dev.dlt4j.testing;

import dev.dlt4j.Pipeline;
import dev.dlt4j.config.ConfigResolver;

/**
 * The resolver behind a pipeline's {@link Pipeline#config()}, for tests that check what the stages
 * and destinations resolve from it; users see only the {@link dev.dlt4j.Config} view.
 */
public final class PipelineConfigs {
    private PipelineConfigs() {
    }

    public static ConfigResolver resolver(Pipeline pipeline) {
        return (ConfigResolver) pipeline.config();
    }
}
