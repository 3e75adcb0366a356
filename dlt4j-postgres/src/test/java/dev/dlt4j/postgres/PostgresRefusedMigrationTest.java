package dev.dlt4j.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.storage.LoadPackage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * README: "a schema change the destination refuses ... sets the package aside: it moves to
 * load/loaded/&lt;load_id&gt; marked aborted, with the stage and cause in its package_completed.json
 * ... The run fails with that cause; the next run loads its new data."
 */
class PostgresRefusedMigrationTest {
    @TempDir
    Path tmp;
    @RegisterExtension
    final PostgresDatasets datasets = new PostgresDatasets();

    @Test
    void aSchemaChangePostgresRefusesSetsThePackageAsideAndTheNextRunLoadsNewData() {
        Pipeline p = datasets.pipeline(tmp, "refused").build();
        String dataset = p.datasetName();
        // made outside dlt4j: a view named like the table, which PostgreSQL cannot add columns to
        PostgresTesting.execute("CREATE SCHEMA \"" + dataset + "\"");
        PostgresTesting.execute("CREATE VIEW \"" + dataset + "\".events AS SELECT 1::bigint AS id");

        String loadId = p.extract(Resource.of("events", List.of(Map.of("id", 1, "name", "a")))).loadIds().get(0);
        assertThatThrownBy(p::run).isInstanceOf(PipelineException.class)
                .hasMessageContaining("schema migration of dataset " + dataset + " failed")
                .hasMessageContaining("ADD COLUMN cannot be performed on relation \"events\"")
                .hasMessageContaining("set aside as failed");

        LoadPackage aside = new LoadPackage(p.workingDir().resolve("load/loaded").resolve(loadId));
        assertThat(aside.completedState()).isEqualTo("aborted");
        assertThat(aside.failure()).hasValueSatisfying(f -> assertThat(f).startsWith("load: ")
                .contains("schema migration of dataset " + dataset + " failed").contains("events"));
        assertThat(p.workingDir().resolve("load/normalized").toFile().list()).isEmpty();
        assertThat(PostgresDatasets.count(p, "_dlt_loads")).isZero();

        p.run(Resource.of("other", List.of(Map.of("id", 2))));
        assertThat(PostgresDatasets.count(p, "other")).isEqualTo(1);
        assertThat(PostgresDatasets.count(p, "_dlt_loads")).isEqualTo(1);

        // once the view is gone, the table loads again
        PostgresTesting.execute("DROP VIEW \"" + dataset + "\".events");
        p.run(Resource.of("events", List.of(Map.of("id", 3, "name", "c"))));
        assertThat(PostgresDatasets.count(p, "events")).isEqualTo(1);
    }

    /**
     * README: a limit the server reports (SQLSTATE class 54, program limit exceeded) can never pass
     * on a retry either: PostgreSQL refusing a column beyond a table's 1,600 sets the package aside
     * and later runs proceed. dlt4j alone never gets here: normalize refuses a wider table first
     * (PostgresLimitsTest); it takes columns made outside dlt4j.
     */
    @Test
    void aColumnBeyondPostgres1600OfATableMadeOutsideDlt4jSetsThePackageAsideAndLaterRunsProceed() {
        Pipeline p = datasets.pipeline(tmp, "limit").build();
        String dataset = p.datasetName();
        PostgresTesting.execute("CREATE SCHEMA \"" + dataset + "\"");
        StringBuilder columns = new StringBuilder("c0 bigint");
        for (int i = 1; i < 1598; i++) {
            columns.append(", c").append(i).append(" bigint");
        }
        // 1,598 columns: dlt4j's id, name, _dlt_load_id and _dlt_id would make 1,602
        PostgresTesting.execute("CREATE TABLE \"" + dataset + "\".events (" + columns + ")");

        String loadId = p.extract(Resource.of("events", List.of(Map.of("id", 1, "name", "a")))).loadIds().get(0);
        assertThatThrownBy(p::run).isInstanceOf(PipelineException.class)
                .hasMessageContaining("schema migration of dataset " + dataset + " failed")
                .hasMessageContaining("tables can have at most 1600 columns")
                .hasMessageContaining("set aside as failed");
        LoadPackage aside = new LoadPackage(p.workingDir().resolve("load/loaded").resolve(loadId));
        assertThat(aside.completedState()).isEqualTo("aborted");
        assertThat(p.workingDir().resolve("load/normalized").toFile().list()).isEmpty();

        // the next run is not blocked: its new data loads
        p.run(Resource.of("other", List.of(Map.of("id", 2))));
        assertThat(PostgresDatasets.count(p, "other")).isEqualTo(1);
    }
}
