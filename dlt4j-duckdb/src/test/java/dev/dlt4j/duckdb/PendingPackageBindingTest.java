package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.count;
import static dev.dlt4j.duckdb.DuckDbTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pending load package belongs to the destination and dataset it was made for; LoadInfo counts it when loaded. */
class PendingPackageBindingTest {
    @TempDir
    Path tmp;

    private Pipeline pipeline(String databaseFile, String dataset) {
        return Pipeline.builder("bound").destination(DuckDbDestination.at(tmp.resolve(databaseFile))).dataset(dataset)
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of()).build();
    }

    private static Resource rows(int n) {
        return Resource.of("t", IntStream.range(0, n).mapToObj(i -> Map.<String, Object>of("id", i)).toList());
    }

    /** A package left normalized but not loaded, as a failed load leaves it. */
    private static String pending(Pipeline p, int rows) {
        String loadId = p.extract(rows(rows)).loadIds().get(0);
        p.normalize();
        return loadId;
    }

    @Test
    void aRunIntoAnotherDatabaseRefusesNamingThePackageItsDestinationAndHowToDropIt() {
        String loadId = pending(pipeline("first.duckdb", "data"), 2);

        Pipeline other = pipeline("second.duckdb", "data");
        assertThatThrownBy(() -> other.run(rows(3)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("the pending load package " + loadId + " was made for destination duckdb "
                        + tmp.resolve("first.duckdb").toAbsolutePath() + ", dataset data")
                .hasMessageContaining("this run loads into duckdb " + tmp.resolve("second.duckdb").toAbsolutePath())
                .hasMessageContaining("`dlt4j pipeline bound drop-pending-packages`");
        assertThat(Files.exists(tmp.resolve("second.duckdb"))).as("nothing loaded into the new database").isFalse();
        assertThat(other.workingDir().resolve("normalize/extracted")).as("nothing extracted").isEmptyDirectory();
        assertThatThrownBy(other::load).hasMessageContaining("stage load").hasMessageContaining(loadId);
    }

    @Test
    void aRunIntoAnotherDatasetOfTheSameDatabaseRefusesToo() {
        String loadId = pending(pipeline("same.duckdb", "data"), 2);
        assertThatThrownBy(() -> pipeline("same.duckdb", "other_data").run(rows(1)))
                .hasMessageContaining("the pending load package " + loadId + " was made for destination duckdb "
                        + tmp.resolve("same.duckdb").toAbsolutePath() + ", dataset data")
                .hasMessageContaining("dataset other_data");
    }

    @Test
    void anExtractedPackageIsBoundTooAndRefusedBeforeNormalize() {
        String loadId = pipeline("first.duckdb", "data").extract(rows(2)).loadIds().get(0);
        assertThatThrownBy(() -> pipeline("second.duckdb", "data").normalize())
                .hasMessageContaining("stage normalize").hasMessageContaining("pending load package " + loadId);
    }

    @Test
    void theRunBackAtItsDestinationLoadsThePendingPackageAndLoadInfoCountsItsRows() {
        Pipeline p = pipeline("home.duckdb", "data");
        String stuck = pending(p, 2);
        LoadInfo info = p.run(rows(3));

        assertThat(info.loadIds()).hasSize(2).first().isEqualTo(stuck);
        assertThat(info.rows("t")).isEqualTo(5);
        assertThat(count(tmp.resolve("home.duckdb"), "data.t")).isEqualTo(5);
        assertThat(query(tmp.resolve("home.duckdb"), "SELECT load_id FROM data._dlt_loads ORDER BY load_id"))
                .hasSize(2);
    }

    @Test
    void loadAloneCountsTheRowsOfEveryPackageItLoaded() {
        Pipeline p = pipeline("home.duckdb", "data");
        pending(p, 2);
        pending(p, 4);
        LoadInfo info = p.load();
        assertThat(info.loadIds()).hasSize(2);
        assertThat(info.rowCounts()).containsEntry("t", 6L);
        assertThat(info.toString()).contains("2 load package(s) loaded");
    }
}
