package dev.dlt4j.destination;

import java.nio.file.Path;

/**
 * What a destination client needs to know about the pipeline it serves: names, the dataset
 * (schema) to load into, the pipeline's working folder and the directory relative paths refer to.
 */
public record DestinationContext(String pipelineName, String datasetName, Path workingDir, Path localDir) {
}
