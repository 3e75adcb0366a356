package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.OverlapContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Overlapped runs ({@code package_max_items}) against one package per run, into DuckDB. */
class DuckDbOverlapTest extends OverlapContract {
    @TempDir
    Path tmp;

    @Override
    protected Pipeline.Builder builder(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }
}
