package dev.dlt4j.postgres;

import dev.dlt4j.Pipeline;
import dev.dlt4j.testing.NormalizeDuringExtractContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Normalizing during extract against normalizing after it, into PostgreSQL. */
class PostgresNormalizeDuringExtractTest extends NormalizeDuringExtractContract {
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @TempDir
    Path tmp;

    @Override
    protected Pipeline.Builder builder(String name) {
        return datasets.pipeline(tmp, "nde_" + name);
    }
}
