package dev.dlt4j.filesystem;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.StateSyncContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** State rows, restore, refresh and drop into a folder of jsonl files, read back with DuckDB. */
class FilesystemStateSyncTest extends StateSyncContractTest {

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return Pipeline.builder(name).destination(FilesystemDestination.at(tmp.resolve("lake"))).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    private Path dataset(Pipeline p) {
        return tmp.resolve("lake").resolve(p.datasetName());
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline p, String table) {
        return FilesystemTesting.rows(dataset(p).resolve(table));
    }

    @Override
    protected void writeStateRow(Pipeline p, String loadId, long version, String state, boolean completed) {
        try {
            Path states = Files.createDirectories(dataset(p).resolve("_dlt_pipeline_state"));
            Files.writeString(states.resolve(p.name() + "__" + loadId + "__0badc0de.jsonl"), "{\"version\": " + version
                    + ", \"engine_version\": 4, \"pipeline_name\": \"" + p.name() + "\", \"state\": \"" + state
                    + "\", \"version_hash\": \"planted\", \"_dlt_load_id\": \"" + loadId + "\"}\n");
            if (completed) {
                Path loads = Files.createDirectories(dataset(p).resolve("_dlt_loads"));
                Files.writeString(loads.resolve("counting__" + loadId + ".jsonl"), "{\"load_id\": \"" + loadId
                        + "\", \"schema_name\": \"counting\", \"status\": 0}\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
