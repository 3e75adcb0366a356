package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineLoadTest {
    @TempDir
    Path tmp;

    @Test
    void flatRowsAreLoadedAndReadBack() {
        Pipeline p = pipeline(tmp, "flat").build();
        List<Map<String, Object>> rows = List.of(
                Map.of("id", 1, "name", "a", "score", 1.5, "active", true),
                Map.of("id", 2, "name", "b", "score", 2.5, "active", false));
        LoadInfo info = p.run(Resource.of("users", rows));
        Path db = tmp.resolve("flat.duckdb");
        assertThat(info.rows("users")).isEqualTo(2);
        assertThat(query(db, "SELECT id, name, score, active FROM flat_data.users ORDER BY id")).containsExactly(
                Map.of("id", 1L, "name", "a", "score", 1.5, "active", true),
                Map.of("id", 2L, "name", "b", "score", 2.5, "active", false));
        assertThat(count(db, "flat_data._dlt_loads")).isEqualTo(1);
        System.out.println(info);
    }
}
