package dev.dlt4j.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The case: a package stuck after a failed PostgreSQL run is not loaded into a new DuckDB file. */
class PendingPackageDestinationTest {
    /** Nothing listens on port 1: the load fails and its package stays pending. */
    private static final String UNREACHABLE = "postgresql://loader:hunter2@127.0.0.1:1/shop?connect_timeout=1";

    @TempDir
    Path tmp;

    private Pipeline shop(String destination) {
        return builder(destination).build();
    }

    private Pipeline.Builder builder(String destination) {
        return Pipeline.builder("shop").destination(destination).dataset("shop_data")
                .pipelinesDir(tmp.resolve("pipelines")).projectDir(tmp).environment(Map.of());
    }

    @Test
    void aFirstRunAgainstAnUnreachableDestinationFailsBeforeExtractWhenItRestores() {
        assertThatThrownBy(() -> shop(UNREACHABLE).run(users(1))).isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage sync, destination postgres postgresql://loader:***@127.0.0.1:1/shop:"
                        + " cannot read the stored state of pipeline shop (dataset shop_data) from the destination:"
                        + " cannot connect to PostgreSQL")
                .hasMessageContaining("restore_from_destination = false")
                .hasMessageNotContaining("hunter2");
        Path extracted = tmp.resolve("pipelines/shop/normalize/extracted");
        assertThat(Files.exists(extracted) ? extracted.toFile().list() : new String[0]).as("nothing extracted")
                .isEmpty();
    }

    private static Resource users(int id) {
        return Resource.of("users", List.of(Map.of("id", id)));
    }

    @Test
    void aRunIntoANewDuckDbFileRefusesThePackageOfAFailedPostgresRunUntilItIsDropped() {
        // without the restore (which would fail first, before extract) the run extracts and its load fails
        assertThatThrownBy(() -> builder(UNREACHABLE).restoreFromDestination(false).build().run(users(1)))
                .isInstanceOf(PipelineException.class);
        Path duck = tmp.resolve("new.duckdb");

        assertThatThrownBy(() -> shop("duckdb:" + duck).run(users(2)))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("was made for destination postgres postgresql://127.0.0.1:1/shop, dataset"
                        + " shop_data, but this run loads into duckdb " + duck)
                .hasMessageContaining("`dlt4j pipeline shop drop-pending-packages`")
                .hasMessageNotContaining("hunter2");
        assertThat(Files.exists(duck)).isFalse();

        CliRun dropped = CliRun.of("pipeline", "--pipelines-dir", tmp.resolve("pipelines").toString(), "shop",
                "drop-pending-packages", "--yes");
        assertThat(dropped.exitCode()).isZero();
        LoadInfo info = shop("duckdb:" + duck).run(users(3));
        assertThat(info.loadIds()).hasSize(1);
        assertThat(info.rows("users")).isEqualTo(1);
    }
}
