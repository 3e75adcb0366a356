package dev.dlt4j.duckdb;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.NormalizeDuringExtractContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Normalizing during extract against normalizing after it, into DuckDB. */
class DuckDbNormalizeDuringExtractTest extends NormalizeDuringExtractContract {
    @TempDir
    Path tmp;

    @Override
    protected Pipeline.Builder builder(String name) {
        return DuckDbTesting.pipeline(tmp, name);
    }
}
