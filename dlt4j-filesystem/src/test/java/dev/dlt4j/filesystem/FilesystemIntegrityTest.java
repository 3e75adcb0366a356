package dev.dlt4j.filesystem;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.PackageIntegrityContractTest;

/** Truncated job and extracted files against a real dataset folder, read back with DuckDB. */
class FilesystemIntegrityTest extends PackageIntegrityContractTest {
    @Override
    protected Pipeline.Builder pipeline(String name) {
        return Pipeline.builder(name).destination(FilesystemDestination.at(tmp.resolve("lake"))).dataset(name + "_data")
                .pipelinesDir(tmp.resolve("pipelines"));
    }

    @Override
    protected long count(Pipeline pipeline, String table) {
        return FilesystemTesting.rows(tmp.resolve("lake").resolve(pipeline.datasetName()).resolve(table)).size();
    }
}
