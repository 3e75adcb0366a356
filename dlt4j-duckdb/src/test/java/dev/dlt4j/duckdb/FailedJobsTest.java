package dev.dlt4j.duckdb;

import static dev.dlt4j.duckdb.DuckDbTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.PipelineException;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.Column;
import dev.dlt4j.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Terminal and transient job failures against the real DuckDB, with faults injected before jobs. */
class FailedJobsTest {
    @TempDir
    Path tmp;

    /** 123456 does not fit DECIMAL(3,0): DuckDB rejects the job file, which no retry can fix. */
    private static Resource badDecimals() {
        return Resource.of("bad", List.of(Map.of("x", 123456))).columns(Column.of("x", DataType.DECIMAL).withPrecision(3, 0));
    }

    private static Resource good() {
        return Resource.of("good", List.of(Map.of("id", 1), Map.of("id", 2)));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aTerminalFailureAbortsThePackageAndNamesTableFileAndMessage() throws Exception {
        Pipeline p = pipeline(tmp, "fail").load(new LoadConfig(1, false, true)).build();
        assertThatThrownBy(() -> p.run(Source.of("s", good(), badDecimals())))
                .isInstanceOf(PipelineException.class)
                .hasMessageContaining("stage load")
                .hasMessageContaining("table bad, file bad.")
                .hasMessageContaining("Failed to cast value to decimal: \"123456\"")
                .hasMessageContaining("failed_jobs");
        Path loaded = p.workingDir().resolve("load/loaded");
        Path pkg = files(loaded).get(0);
        assertThat(Files.readString(pkg.resolve("package_completed.json"))).contains("aborted");
        List<Path> failed = files(pkg.resolve("failed_jobs"));
        assertThat(failed).hasSize(2);
        assertThat(failed.get(1).getFileName().toString()).startsWith("bad.").endsWith(".exception");
        assertThat(Files.readString(failed.get(1))).contains("table bad").contains("123456");
        assertThat(count(tmp.resolve("fail.duckdb"), "fail_data._dlt_loads")).isZero();
        assertThat(p.workingDir().resolve("load/normalized").toFile().list()).isEmpty();
    }

    @Test
    void withRaiseOnFailedJobsOffThePackageCompletesAndReportsTheFailure() {
        Pipeline p = pipeline(tmp, "soft").load(new LoadConfig(2, false, false)).build();
        LoadInfo info = p.run(Source.of("s", good(), badDecimals()));
        assertThat(info.hasFailedJobs()).isTrue();
        assertThat(info.failedJobs()).singleElement().asString().contains("table bad");
        assertThat(count(tmp.resolve("soft.duckdb"), "soft_data.good")).isEqualTo(2);
        assertThat(count(tmp.resolve("soft.duckdb"), "soft_data._dlt_loads")).isEqualTo(1);
    }

    @Test
    void aTransientFailureIsRetriedAndLoadsOnce() throws Exception {
        Map<String, Integer> attempts = new ConcurrentHashMap<>();
        Pipeline p = pipeline(tmp, "retry")
                .destination(new FaultyDestination(tmp.resolve("retry.duckdb"), job -> {
                    if (attempts.merge(job.jobId(), 1, Integer::sum) <= 2) {
                        throw new IllegalStateException("connection reset (injected)");
                    }
                }))
                .build();
        p.run(good());
        assertThat(count(tmp.resolve("retry.duckdb"), "retry_data.good")).isEqualTo(2);
        assertThat(attempts.values()).containsOnly(3);
        Path pkg = files(p.workingDir().resolve("load/loaded")).get(0);
        assertThat(files(pkg.resolve("completed_jobs"))).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).matches("good\\.[0-9a-f]{10}\\.2\\.jsonl"));
    }

    @Test
    void aJobThatKeepsFailingTransientlyLeavesThePackagePendingForTheNextRun() {
        boolean[] healthy = {false};
        Pipeline p = pipeline(tmp, "flaky")
                .destination(new FaultyDestination(tmp.resolve("flaky.duckdb"), job -> {
                    if (!healthy[0]) {
                        throw new IllegalStateException("server unavailable (injected)");
                    }
                }))
                .build();
        assertThatThrownBy(() -> p.run(good())).isInstanceOf(PipelineException.class)
                .hasMessageContaining("failed 5 times").hasMessageContaining("server unavailable")
                .hasMessageContaining("the next run loads it");
        assertThat(p.workingDir().resolve("load/normalized").toFile().list()).hasSize(1);
        healthy[0] = true;
        p.load();
        assertThat(count(tmp.resolve("flaky.duckdb"), "flaky_data.good")).isEqualTo(2);
    }

    @Test
    void deleteCompletedJobsRemovesJobFilesOnlyWhenNothingFailed() throws Exception {
        Pipeline p = pipeline(tmp, "del").load(new LoadConfig(2, true, false)).build();
        p.run(good());
        p.run(Source.of("s", good(), badDecimals()));
        List<Path> pkgs = files(p.workingDir().resolve("load/loaded"));
        assertThat(pkgs.get(0).resolve("completed_jobs")).doesNotExist();
        assertThat(pkgs.get(0).resolve("schema.json")).exists();
        assertThat(files(pkgs.get(1).resolve("completed_jobs"))).isNotEmpty();
    }

    @Test
    void jobFilesArePlainWhateverDisableCompressionSaysAndGzippedOnesStillLoad() throws Exception {
        for (boolean off : new boolean[] {false, true}) {
            String name = off ? "plain" : "default";
            Pipeline p = pipeline(tmp, name)
                    .normalizeDataWriter(dev.dlt4j.DataWriterConfig.DEFAULTS.withDisableCompression(off))
                    .build();
            p.run(Resource.of("t", List.of(Map.of("id", 1, "l", List.of("a")), Map.of("id", 2, "l", List.of()))));
            Path pkg = files(p.workingDir().resolve("load/loaded")).get(0);
            for (Path job : files(pkg.resolve("completed_jobs"))) {
                assertThat(dev.dlt4j.spi.Compression.isGzip(job)).isFalse();
                assertThat(job.getFileName().toString()).doesNotEndWith(".gz");
            }
            assertThat(query(tmp.resolve(name + ".duckdb"), "SELECT id FROM " + name + "_data.t ORDER BY id"))
                    .extracting(r -> r.get("id")).containsExactly(1L, 2L);
        }
        // DuckDB's client still loads gzipped job files (a destination wrapping it may ask for them)
        Pipeline p = pipeline(tmp, "gz").destination(FaultyDestination.gzipJobFiles(tmp.resolve("gz.duckdb"))).build();
        p.run(Resource.of("t", List.of(Map.of("id", 1, "l", List.of("a")), Map.of("id", 2, "l", List.of()))));
        for (Path job : files(files(p.workingDir().resolve("load/loaded")).get(0).resolve("completed_jobs"))) {
            assertThat(dev.dlt4j.spi.Compression.isGzip(job)).isTrue();
        }
        assertThat(query(tmp.resolve("gz.duckdb"), "SELECT id FROM gz_data.t ORDER BY id"))
                .extracting(r -> r.get("id")).containsExactly(1L, 2L);
    }
}
