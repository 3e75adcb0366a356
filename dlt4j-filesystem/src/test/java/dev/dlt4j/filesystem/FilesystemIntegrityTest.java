package dev.dlt4j.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.testing.PackageIntegrityContractTest;
import org.junit.jupiter.api.Test;

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

    /** Files have no transactions: the jobs done before the failure stay, whole, without a _dlt_loads file. */
    @Test
    void aFailedLoadLeavesTheFilesOfTheJobsDoneBeforeItAndNoLoadRecord() {
        Pipeline p = pipeline("partial").build();
        p.extract(orders(300));
        p.normalize();
        truncate(jobFile(p, "load/normalized", "orders__items"), 0);

        assertThatThrownBy(p::load).isInstanceOf(PipelineException.class);
        assertThat(count(p, "orders")).isEqualTo(300);
        assertThat(count(p, "orders__items")).isZero();
        assertThat(count(p, "_dlt_loads")).isZero();
    }
}
