package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.LoadInfo;
import dev.dlt4j.MergeStrategy;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failure in one job does to the rest of a package: a merge chain whose jobs all loaded is
 * merged whatever failed elsewhere (dlt's table-chain follow-up jobs), and a job the destination
 * committed before its failure reached the loader is not loaded again.
 */
class LoadFailuresTest {
    @TempDir
    Path tmp;

    private static Resource badDecimals() {
        return Resource.of("bad", List.of(Map.of("x", 123456))).columns(Column.of("x", DataType.DECIMAL).withPrecision(3, 0));
    }

    /** atomic_packages=false, raise_on_failed_jobs=false: a failed job of another table leaves the merge to run. */
    @Test
    void withAtomicPackagesOffAChainWhoseJobsAllLoadedIsMergedWhateverFailedElsewhere() {
        Pipeline p = pipeline(tmp, "soft").load(new LoadConfig(2, false, false).withAtomicPackages(false)).build();
        Resource merged = Resource.of("m", List.of(Map.of("id", 1, "v", "a"), Map.of("id", 2, "v", "b")))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id");
        LoadInfo info = p.run(Source.of("s", merged, badDecimals()));
        assertThat(info.hasFailedJobs()).isTrue();
        assertThat(count(tmp.resolve("soft.duckdb"), "soft_data._dlt_loads")).isEqualTo(1);
        assertThat(count(tmp.resolve("soft.duckdb"), "soft_data_staging.m")).isEqualTo(2);
        assertThat(count(tmp.resolve("soft.duckdb"), "soft_data.m")).as("merged rows").isEqualTo(2);
    }

    /** The same with atomic packages (the default). */
    @Test
    void withAtomicPackagesTheChainIsMergedToo() {
        Pipeline p = pipeline(tmp, "soft2").load(new LoadConfig(2, false, false)).build();
        Resource merged = Resource.of("m", List.of(Map.of("id", 1, "v", "a"), Map.of("id", 2, "v", "b")))
                .merge(MergeStrategy.DELETE_INSERT).primaryKey("id");
        p.run(Source.of("s", merged, badDecimals()));
        assertThat(count(tmp.resolve("soft2.duckdb"), "soft2_data.m")).as("merged rows").isEqualTo(2);
    }

    /** commit() reached the database but its caller saw a transient failure: the job marker says it is done. */
    @Test
    void aJobCommittedBeforeItsFailureReachedTheLoaderIsNotLoadedAgain() {
        AtomicBoolean once = new AtomicBoolean();
        Path db = tmp.resolve("dbl.duckdb");
        Pipeline p = pipeline(tmp, "dbl").destination(FaultyDestination.afterCommit(db, job -> {
            if (once.compareAndSet(false, true)) {
                throw new IllegalStateException("connection reset while reading the commit's reply (injected)");
            }
        })).build();
        p.run(Resource.of("good", List.of(Map.of("id", 1), Map.of("id", 2))));
        assertThat(count(db, "dbl_data.good")).isEqualTo(2);
    }
}
