package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlt's normalize_dataset_name: the PostgreSQL schema is the dataset name in snake_case. */
class DatasetNameTest {
    @TempDir
    Path tmp;
    private final String schema = PostgresTesting.uniqueDataset("my_dataset");

    @BeforeEach
    void server() {
        PostgresTesting.requireServer();
    }

    @AfterEach
    void drop() {
        PostgresTesting.dropSchema(schema);
    }

    @Test
    void theDatasetNameIsNormalizedLikeATableNameIntoTheSchemaName() {
        // "my_dataset_<hex>" written as a user might: "My-Dataset <hex>"
        String given = "My-Dataset " + schema.substring("my_dataset_".length());
        Pipeline p = Pipeline.builder("n").destination(PostgresTesting.URI).dataset(given)
                .pipelinesDir(tmp.resolve("pipelines")).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1))));

        assertThat(PostgresTesting.query("SELECT id FROM \"" + schema + "\".t")).containsExactly(Map.of("id", 1L));
        assertThat(PostgresTesting.query("SELECT count(*) AS n FROM information_schema.schemata"
                + " WHERE schema_name = '" + given + "'")).containsExactly(Map.of("n", 0L));
    }
}
