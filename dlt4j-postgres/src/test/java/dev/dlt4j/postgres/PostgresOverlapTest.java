package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.OverlapContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Overlapped runs ({@code package_max_items}) against one package per run, into PostgreSQL. */
class PostgresOverlapTest extends OverlapContract {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    @Override
    protected Pipeline.Builder builder(String name) {
        return datasets.pipeline(tmp, "overlap_" + name);
    }
}
