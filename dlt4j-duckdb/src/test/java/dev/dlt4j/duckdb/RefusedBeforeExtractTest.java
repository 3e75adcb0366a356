package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.MergeStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hints that can never load into DuckDB are refused before anything is extracted, naming the
 * resource, table, column, the value and what is allowed; then no package is left to block later runs.
 */
class RefusedBeforeExtractTest {
    @TempDir
    Path tmp;

    private long packages(Pipeline p) throws Exception {
        try (Stream<Path> s = Files.list(p.workingDir().resolve("normalize/extracted"))) {
            return s.count();
        }
    }

    @Test
    void upsertWithoutAPrimaryKeyIsRefusedBeforeExtract() throws Exception {
        Pipeline p = DuckDbTesting.pipeline(tmp, "upsert").build();
        Resource r = Resource.of("users", List.of(Map.of("id", 1))).merge(MergeStrategy.UPSERT);
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("resource users (table users)")
                .hasMessageContaining("upsert needs a primary key").hasMessageContaining(".primaryKey(");
        assertThat(packages(p)).isZero();
        p.run(Resource.of("users", List.of(Map.of("id", 1))).merge(MergeStrategy.UPSERT).primaryKey("id"));
        assertThat(DuckDbTesting.count(tmp.resolve("upsert.duckdb"), "upsert_data.users")).isEqualTo(1);
    }

    @Test
    void aDecimalPrecisionAbove38IsRefusedBeforeExtract() throws Exception {
        Pipeline p = DuckDbTesting.pipeline(tmp, "dec").build();
        Resource r = Resource.of("prices", List.of(Map.of("id", 1, "amount", 1)))
                .columns(Column.of("amount", DataType.DECIMAL).withPrecision(40, 2));
        assertThatThrownBy(() -> p.run(r)).hasMessageContaining("column amount")
                .hasMessageContaining("decimal precision 40 is above 38").hasMessageContaining("duckdb");
        assertThat(packages(p)).isZero();
    }

    @Test
    void aDecimalPrecisionOf38Loads() {
        Pipeline p = DuckDbTesting.pipeline(tmp, "dec38").build();
        p.run(Resource.of("prices", List.of(Map.of("id", 1, "amount", 1)))
                .columns(Column.of("amount", DataType.DECIMAL).withPrecision(38, 2)));
        assertThat(DuckDbTesting.columnTypes(tmp.resolve("dec38.duckdb"), "dec38_data", "prices"))
                .containsEntry("amount", "DECIMAL(38,2)");
    }
}
