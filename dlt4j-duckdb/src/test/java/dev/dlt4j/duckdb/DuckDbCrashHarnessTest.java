package dev.dlt4j.duckdb;

import dev.dlt4j.testing.CrashHarnessContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The crash harness against a DuckDB file per trial. */
class DuckDbCrashHarnessTest extends CrashHarnessContract {

    @Override
    protected String destination(Path trialDir) {
        return "duckdb://" + trialDir.toAbsolutePath().resolve("crash.duckdb");
    }

    @Override
    protected List<Map<String, Object>> rows(Path trialDir, String dataset, String table) {
        Path db = trialDir.resolve("crash.duckdb");
        if (!Files.exists(db) || DuckDbTesting.query(db, "SELECT 1 FROM information_schema.tables WHERE table_schema = '"
                + dataset + "' AND table_name = '" + table + "'").isEmpty()) {
            return List.of();
        }
        return DuckDbTesting.query(db, "SELECT * FROM " + dataset + ".\"" + table + "\"");
    }
}
