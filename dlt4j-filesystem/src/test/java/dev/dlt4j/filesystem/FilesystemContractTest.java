package dev.dlt4j.filesystem;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.DestinationContractTest;
import java.util.List;
import java.util.Map;

/** The shared destination behaviour, into jsonl files read back with DuckDB's read_json. */
class FilesystemContractTest extends DestinationContractTest {

    FilesystemDestination destination() {
        return FilesystemDestination.at(tmp.resolve("lake"));
    }

    @Override
    protected Pipeline.Builder pipeline(String name) {
        return Pipeline.builder(name).destination(destination()).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected List<Map<String, Object>> rows(Pipeline pipeline, String table) {
        return FilesystemTesting.rows(tmp.resolve("lake").resolve(pipeline.datasetName()).resolve(table));
    }
}
