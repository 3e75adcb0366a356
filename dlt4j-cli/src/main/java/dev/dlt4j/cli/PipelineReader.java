package dev.dlt4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlt4j.Pipeline;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PackageDestination;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Re-opens a pipeline from its working folder to read its dataset at the destination, for
 * {@code show} and {@code query}. The destination and dataset are the ones its newest package was
 * bound to ({@code destination.json}: a database file, a bucket folder, a server without user or
 * password), else {@code state.json}'s; {@code --destination} and {@code --dataset} win. A
 * PostgreSQL package records no credentials, so they come from the pipeline's config (bare name
 * {@code postgres}) unless {@code --destination} gives a URI.
 */
final class PipelineReader {
    private PipelineReader() {
    }

    /** The {@code --destination} and {@code --dataset} options of {@code show} and {@code query} (a picocli mixin). */
    static final class Overrides {
        @Option(names = "--destination", paramLabel = "NAME_OR_URI",
                description = "Read from this destination (e.g. postgresql://user:password@host/db) instead of the recorded one.")
        String destination;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Read this dataset instead of the recorded one.")
        String dataset;

        /** The pipeline of {@code dir}, reading the given destination and dataset, else the recorded ones. */
        Pipeline open(PipelineCommand parent, Path dir) {
            return PipelineReader.open(parent, dir, Optional.ofNullable(destination), Optional.ofNullable(dataset));
        }
    }

    static Pipeline open(PipelineCommand parent, Path dir, Optional<String> destination, Optional<String> dataset) {
        Optional<PackageDestination> bound = newestBinding(dir);
        JsonNode state = PipelineCommand.readJson(dir.resolve("state.json")).orElse(CliJson.MAPPER
                .createObjectNode());
        String datasetName = dataset.or(() -> bound.map(PackageDestination::datasetName))
                .or(() -> Optional.ofNullable(state.path("dataset_name").asText(null)))
                .orElseThrow(() -> new IllegalArgumentException("pipeline " + parent.name + " has loaded nothing yet,"
                        + " so its dataset is unknown; give it with --dataset NAME"));
        String spec = destination.orElseGet(() -> bound.map(PipelineReader::spec)
                .or(() -> Optional.ofNullable(state.path("destination_type").asText(null)))
                .orElseThrow(() -> new IllegalArgumentException("pipeline " + parent.name + " has loaded nothing yet,"
                        + " so its destination is unknown; give it with --destination NAME_OR_URI")));
        return Pipeline.builder(parent.name).pipelinesDir(parent.pipelinesDir()).destination(spec).dataset(datasetName)
                .build();
    }

    /** The name or URI that reaches the place a package was bound to. */
    static String spec(PackageDestination bound) {
        String where = bound.destination();
        if (bound.destinationType().equals("postgres")) {
            return "postgres"; // credentials from the pipeline's config; the binding holds no user
        }
        return where.contains("://") ? where : bound.destinationType() + ":" + where;
    }

    /** The binding of the newest package: loaded first, else normalized, else extracted. */
    static Optional<PackageDestination> newestBinding(Path dir) {
        for (String folder : List.of("load/loaded", "load/normalized", "normalize/extracted")) {
            List<String> ids = PipelineCommand.childFolders(dir.resolve(folder));
            for (int i = ids.size() - 1; i >= 0; i--) {
                Optional<PackageDestination> b = PackageDestination.of(new LoadPackage(dir.resolve(folder)
                        .resolve(ids.get(i))));
                if (b.isPresent()) {
                    return b;
                }
            }
        }
        return Optional.empty();
    }
}
