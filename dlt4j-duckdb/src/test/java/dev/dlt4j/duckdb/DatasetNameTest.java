package dev.dlt4j.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.MergeStrategy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlt's normalize_dataset_name: the DuckDB schema is the dataset name in snake_case. */
class DatasetNameTest {
    @TempDir
    Path tmp;

    @Test
    void theDatasetNameIsNormalizedLikeATableNameIntoTheSchemaName() {
        Path db = tmp.resolve("n.duckdb");
        Pipeline p = Pipeline.builder("n").destination(DuckDbDestination.at(db)).dataset("My-Dataset 1")
                .pipelinesDir(tmp.resolve("pipelines")).build();
        LoadInfo info = p.run(Resource.of("t", List.of(Map.of("id", 1))).merge(MergeStrategy.DELETE_INSERT)
                .primaryKey("id"));

        assertThat(DuckDbTesting.query(db, "SELECT id FROM my_dataset_1.t")).containsExactly(Map.of("id", 1L));
        assertThat(DuckDbTesting.query(db, "SELECT schema_name FROM information_schema.schemata"
                + " WHERE schema_name ILIKE '%dataset%' ORDER BY schema_name"))
                .containsExactly(Map.of("schema_name", "my_dataset_1"), Map.of("schema_name", "my_dataset_1_staging"));
        // as in dlt, the pipeline keeps the name it was given
        assertThat(p.datasetName()).isEqualTo("My-Dataset 1");
        assertThat(info.datasetName()).isEqualTo("My-Dataset 1");
    }
}
