package dev.dlt4j.spark;

import dev.dlt4j.Pipeline;
import dev.dlt4j.spi.Destination;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * What an executor needs to build the pipeline a partition runs in: the driver's pipeline and
 * dataset name and destination type (for its naming and capabilities; an executor never connects to
 * the destination) and the run's folder on shared storage.
 */
record ExecutorPipeline(String name, String dataset, String destinationType, String destinationLocation,
        String runDir) implements Serializable {

    /** A pipeline in a fresh folder of its own for one task attempt. */
    Pipeline build(String attempt) {
        return Pipeline.builder(name)
                .destination(new PartitionDestination(Destination.named(destinationType), destinationLocation)).dataset(dataset)
                .pipelinesDir(Path.of(runDir).resolve(attempt)).restoreFromDestination(false).build();
    }
}
