package dev.dlt4j.duckdb;

import dev.dlt4j.testing.PipelineConfigs;
import static dev.dlt4j.duckdb.DuckDbTesting.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlt4j.LoadInfo;
import dev.dlt4j.Pipeline;
import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.config.ConfigException;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.LoadConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values from a real {@code .dlt/config.toml} in a temp project folder, or from injected
 * environment variables, change what the stages do: items per flush (seen as one file per flush
 * when {@code file_max_bytes = 1} rotates after every flush), gzip of the files, load threads,
 * deleted job files and the working folder.
 */
class ConfigReachesStagesTest {
    private static final int ROWS = 35;

    @TempDir
    Path tmp;

    private Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("project"));
    }

    private Pipeline.Builder pipeline(String name, String configToml, Map<String, String> env) throws IOException {
        Path dlt = Files.createDirectories(project().resolve(".dlt"));
        if (configToml != null) {
            Files.writeString(dlt.resolve("config.toml"), configToml);
        }
        // DuckDB's job files are plain whatever disable_compression says; the wrapper asks for gzip so that
        // the tests see [normalize.data_writer] disable_compression reach the job files
        return DuckDbTesting.pipeline(tmp, name).destination(FaultyDestination.gzipJobFiles(tmp.resolve(name + ".duckdb")))
                .projectDir(project()).environment(env);
    }

    private static Resource items(String name) {
        List<Map<String, Object>> rows = IntStream.range(0, ROWS).<Map<String, Object>>mapToObj(
                i -> Map.of("id", i, "name", "n" + i)).toList();
        return Resource.of(name, rows); // one row per item: a flush every buffer_max_items rows
    }

    /** Files of the table in the package's folder, e.g. {@code new_jobs} of an extracted package. */
    private static List<Path> files(Path folder, String table) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> JobFileName.parse(p.getFileName().toString()).table().equals(table)).sorted()
                    .toList();
        }
    }

    private static Path onlyPackage(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> all = s.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Extracts, then normalizes and loads; returns [extract files, load job files] of the table. */
    private static Outcome run(Pipeline p, Source source, String table) throws IOException {
        p.extract(source);
        Path extracted = onlyPackage(p.workingDir().resolve("normalize/extracted")).resolve("new_jobs");
        List<Path> extractFiles = files(extracted, table);
        List<Boolean> extractCompressed = new ArrayList<>();
        for (Path f : extractFiles) {
            // extracted files are LZ4 frames when compressed (internal), job files gzip
            extractCompressed.add(Compression.codecOf(f).map(c -> c == Compression.EXTRACTED_FILES).orElse(false));
        }
        p.normalize();
        LoadInfo loaded = p.load();
        Path completed = p.workingDir().resolve("load/loaded").resolve(loaded.loadIds().get(0))
                .resolve("completed_jobs");
        List<Path> jobFiles = Files.isDirectory(completed) ? files(completed, table) : List.of();
        List<Boolean> jobGzip = new ArrayList<>();
        for (Path f : jobFiles) {
            jobGzip.add(Compression.isGzip(f));
        }
        return new Outcome(extractFiles.size(), extractCompressed, jobFiles.size(), jobGzip, completed);
    }

    private record Outcome(int extractFiles, List<Boolean> extractCompressed, int jobFiles, List<Boolean> jobGzip,
            Path completedJobs) {
    }

    // ---- [data_writer]: both stages

    @Test
    void dataWriterSectionInConfigTomlSetsItemsPerFlushOfBothStages() throws IOException {
        Pipeline p = pipeline("dw", "[data_writer]\nbuffer_max_items = 10\nfile_max_bytes = 1\n", Map.of()).build();
        Outcome o = run(p, Source.of("dw", items("items")), "items");
        assertThat(o.extractFiles()).isEqualTo(4); // 35 rows, 10 per flush, a file per flush
        assertThat(o.jobFiles()).isEqualTo(4);
        assertThat(count(tmp.resolve("dw.duckdb"), "dw_data.items")).isEqualTo(ROWS);
    }

    @Test
    void dataWriterEnvironmentVariablesSetItemsPerFlushOfBothStages() throws IOException {
        Pipeline p = pipeline("dwenv", null, Map.of("DATA_WRITER__BUFFER_MAX_ITEMS", "5",
                "DATA_WRITER__FILE_MAX_BYTES", "1")).build();
        Outcome o = run(p, Source.of("dwenv", items("items")), "items");
        assertThat(o.extractFiles()).isEqualTo(7);
        assertThat(o.jobFiles()).isEqualTo(7);
    }

    @Test
    void maxBufferItemsAliasWorksLikeBufferMaxItems() throws IOException {
        Pipeline p = pipeline("alias", "[data_writer]\nmax_buffer_items = 10\nfile_max_bytes = 1\n", Map.of())
                .build();
        assertThat(run(p, Source.of("alias", items("items")), "items").extractFiles()).isEqualTo(4);
    }

    // ---- [sources.data_writer], [sources.<source>.data_writer]: extract only

    @Test
    void sourcesDataWriterInConfigTomlChangesExtractOnly() throws IOException {
        Pipeline p = pipeline("src", "[sources.data_writer]\nbuffer_max_items = 10\nfile_max_bytes = 1\n", Map.of())
                .build();
        Outcome o = run(p, Source.of("shop", items("items")), "items");
        assertThat(o.extractFiles()).isEqualTo(4);
        assertThat(o.jobFiles()).isEqualTo(1);
    }

    @Test
    void perSourceDataWriterInConfigTomlChangesThatSourceOnly() throws IOException {
        Pipeline p = pipeline("per", "[sources.shop.data_writer]\nbuffer_max_items = 10\nfile_max_bytes = 1\n"
                + "disable_compression = true\n", Map.of()).build();
        Outcome shop = run(p, Source.of("shop", items("items")), "items");
        assertThat(shop.extractFiles()).isEqualTo(4);
        assertThat(shop.extractCompressed()).containsOnly(false);
        assertThat(shop.jobFiles()).isEqualTo(1);
        assertThat(shop.jobGzip()).containsOnly(true);
        Outcome other = run(p, Source.of("other", items("things")), "things");
        assertThat(other.extractFiles()).isEqualTo(1);
        assertThat(other.extractCompressed()).containsOnly(true);
    }

    @Test
    void perSourceDataWriterEnvironmentVariableChangesExtractOnly() throws IOException {
        Pipeline p = pipeline("perenv", null, Map.of("SOURCES__SHOP__DATA_WRITER__BUFFER_MAX_ITEMS", "10",
                "SOURCES__DATA_WRITER__FILE_MAX_BYTES", "1")).build();
        Outcome o = run(p, Source.of("shop", items("items")), "items");
        assertThat(o.extractFiles()).isEqualTo(4);
        assertThat(o.jobFiles()).isEqualTo(1);
    }

    @Test
    void resourceWithoutSourceUsesThePipelineNameAsSourceSection() throws IOException {
        Pipeline p = pipeline("bare", "[sources.bare.data_writer]\nbuffer_max_items = 10\nfile_max_bytes = 1\n",
                Map.of()).build();
        p.extract(items("items"));
        Path extracted = onlyPackage(p.workingDir().resolve("normalize/extracted")).resolve("new_jobs");
        assertThat(files(extracted, "items")).hasSize(4);
    }

    // ---- [normalize.data_writer]: normalize only

    @Test
    void normalizeDataWriterInConfigTomlChangesNormalizeOnly() throws IOException {
        Pipeline p = pipeline("norm", "[normalize.data_writer]\nbuffer_max_items = 10\nfile_max_bytes = 1\n"
                + "disable_compression = true\n", Map.of()).build();
        Outcome o = run(p, Source.of("norm", items("items")), "items");
        assertThat(o.extractFiles()).isEqualTo(1);
        assertThat(o.extractCompressed()).containsOnly(true);
        assertThat(o.jobFiles()).isEqualTo(4);
        assertThat(o.jobGzip()).containsOnly(false);
        assertThat(count(tmp.resolve("norm.duckdb"), "norm_data.items")).isEqualTo(ROWS);
    }

    @Test
    void normalizeDisableCompressionEnvironmentVariableWritesPlainJobFiles() throws IOException {
        Pipeline p = pipeline("normenv", null, Map.of("NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION", "true")).build();
        Outcome o = run(p, Source.of("normenv", items("items")), "items");
        assertThat(o.extractCompressed()).containsOnly(true);
        assertThat(o.jobGzip()).containsExactly(false);
    }

    // ---- stage workers

    @Test
    void loadWorkersInConfigTomlSetsTheNumberOfLoadThreads() throws IOException {
        ThreadRecordingDestination dest = new ThreadRecordingDestination(tmp.resolve("lw.duckdb"));
        Pipeline p = pipeline("lw", "[load]\nworkers = 3\n[normalize.data_writer]\nbuffer_max_items = 5\n"
                + "file_max_bytes = 1\n", Map.of()).destination(dest.destination).build();
        p.run(items("items")); // 7 job files
        assertThat(dest.jobs.get()).isEqualTo(7);
        assertThat(dest.threads).hasSize(3);
    }

    @Test
    void loadWorkersEnvironmentVariableSetsTheNumberOfLoadThreads() throws IOException {
        ThreadRecordingDestination dest = new ThreadRecordingDestination(tmp.resolve("lwenv.duckdb"));
        Pipeline p = pipeline("lwenv", null, Map.of("LOAD__WORKERS", "1", "NORMALIZE__DATA_WRITER__BUFFER_MAX_ITEMS",
                "5", "NORMALIZE__DATA_WRITER__FILE_MAX_BYTES", "1")).destination(dest.destination).build();
        p.run(items("items"));
        assertThat(dest.jobs.get()).isEqualTo(7);
        assertThat(dest.threads).hasSize(1);
    }

    @Test
    void topLevelWorkersSetsLoadThreadsButNotExtractWorkers() throws IOException {
        ThreadRecordingDestination dest = new ThreadRecordingDestination(tmp.resolve("top.duckdb"));
        Pipeline p = pipeline("top", "workers = 2\n[normalize.data_writer]\nbuffer_max_items = 5\n"
                + "file_max_bytes = 1\n", Map.of()).destination(dest.destination).build();
        p.run(items("items"));
        assertThat(dest.threads).hasSize(2);
        assertThat(PipelineConfigs.resolver(p).normalize("top").value().workers()).isEqualTo(2);
        assertThat(PipelineConfigs.resolver(p).extract("top", "top").value().workers()).isEqualTo(5);
    }

    @Test
    void normalizeWorkersAreResolvedPerPipeline() throws IOException {
        // the normalizer is single-threaded today: the resolved value is what it will be handed
        Pipeline p = pipeline("nw", "[normalize]\nworkers = 3\n", Map.of("NW__NORMALIZE__WORKERS", "4")).build();
        assertThat(PipelineConfigs.resolver(p).normalize("nw").value().workers()).isEqualTo(4);
    }

    // ---- extract knobs (resolved per source and per resource)

    @Test
    void extractKnobsAreResolvedPerSourceResourceAndPipeline() throws IOException {
        Pipeline p = pipeline("ex", """
                [extract]
                workers = 2
                [sources.shop.extract]
                max_parallel_items = 3
                [sources.shop.orders.extract]
                next_item_mode = "round_robin"
                [ex.extract]
                workers = 4
                """, Map.of("SOURCES__SHOP__EXTRACT__MAX_PARALLEL_ITEMS", "6")).build();
        assertThat(PipelineConfigs.resolver(p).extract("ex", "shop").value()).isEqualTo(new ExtractConfig(4, 6, NextItemMode.FIFO));
        assertThat(PipelineConfigs.resolver(p).extract("ex", "shop", "orders").value())
                .isEqualTo(new ExtractConfig(4, 6, NextItemMode.ROUND_ROBIN));
        assertThat(PipelineConfigs.resolver(p).extract("other_pipeline", "shop").value())
                .isEqualTo(new ExtractConfig(2, 6, NextItemMode.FIFO));
        // and the pipeline still runs with them
        assertThat(p.run(Source.of("shop", items("orders"))).rows("orders")).isEqualTo(ROWS);
    }

    // ---- others

    @Test
    void deleteCompletedJobsInConfigTomlRemovesJobFilesAfterLoad() throws IOException {
        Pipeline keep = pipeline("keep", null, Map.of()).build();
        assertThat(run(keep, Source.of("keep", items("items")), "items").jobFiles()).isEqualTo(1);
        Pipeline p = pipeline("del", "[load]\ndelete_completed_jobs = true\n", Map.of()).build();
        Outcome o = run(p, Source.of("del", items("items")), "items");
        assertThat(o.completedJobs()).doesNotExist();
        assertThat(count(tmp.resolve("del.duckdb"), "del_data.items")).isEqualTo(ROWS);
    }

    @Test
    void pipelinesDirInConfigTomlMovesTheWorkingFolder() throws IOException {
        Files.createDirectories(project().resolve(".dlt"));
        Files.writeString(project().resolve(".dlt/config.toml"), "pipelines_dir = \"my_pipes\"\n");
        Pipeline p = Pipeline.builder("wd").destination(DuckDbDestination.at(tmp.resolve("wd.duckdb")))
                .projectDir(project()).environment(Map.of()).build();
        assertThat(p.workingDir()).isEqualTo(project().resolve("my_pipes/wd").toAbsolutePath().normalize());
        p.run(items("items"));
        assertThat(p.workingDir().resolve("load/loaded")).isNotEmptyDirectory();

        Pipeline fromEnv = Pipeline.builder("wd").destination(DuckDbDestination.at(tmp.resolve("wd.duckdb")))
                .projectDir(project()).environment(Map.of("PIPELINES_DIR", tmp.resolve("env_pipes").toString()))
                .build();
        assertThat(fromEnv.workingDir()).isEqualTo(tmp.resolve("env_pipes/wd").toAbsolutePath().normalize());
    }

    @Test
    void progressAndLogLevelAreResolvedAndExposed() throws IOException {
        Pipeline p = pipeline("pr", "progress = \"log\"\n[runtime]\nlog_level = \"info\"\n", Map.of()).build();
        assertThat(p.pipelineConfig().progress()).isEqualTo("log");
        assertThat(p.pipelineConfig().logLevel()).isEqualTo("INFO");
        Pipeline e = pipeline("pr2", null, Map.of("PROGRESS", "log")).build();
        assertThat(e.pipelineConfig().progress()).isEqualTo("log");
    }

    // ---- precedence at the stages

    @Test
    void codeWinsOverEnvironmentAndConfigToml() throws IOException {
        ThreadRecordingDestination dest = new ThreadRecordingDestination(tmp.resolve("code.duckdb"));
        Pipeline p = pipeline("code", "pipelines_dir = \"elsewhere\"\n[normalize.data_writer]\ndisable_compression = true\n"
                + "buffer_max_items = 5\nfile_max_bytes = 1\n", Map.of("LOAD__WORKERS", "3"))
                .destination(dest.destination)
                .normalizeDataWriter(DataWriterConfig.DEFAULTS.withBufferMaxItems(10).withFileMaxBytes(1))
                .load(new LoadConfig(1, false, true))
                .build();
        Outcome o = run(p, Source.of("code", items("items")), "items");
        assertThat(o.jobFiles()).isEqualTo(4);
        assertThat(o.jobGzip()).containsOnly(true);
        assertThat(dest.threads).hasSize(1);
        assertThat(p.workingDir()).isEqualTo(tmp.resolve("pipelines/code"));
    }

    @Test
    void environmentWinsOverConfigTomlAtTheStage() throws IOException {
        Pipeline p = pipeline("envwins", "[normalize.data_writer]\ndisable_compression = true\n",
                Map.of("NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION", "false")).build();
        assertThat(run(p, Source.of("envwins", items("items")), "items").jobGzip()).containsOnly(true);
    }

    @Test
    void secretsTomlWinsOverConfigToml() throws IOException {
        Files.createDirectories(project().resolve(".dlt"));
        Files.writeString(project().resolve(".dlt/secrets.toml"), "[normalize.data_writer]\nfile_max_bytes = 1\n"
                + "buffer_max_items = 10\n");
        Pipeline p = pipeline("sec", "[normalize.data_writer]\nbuffer_max_items = 5\n", Map.of()).build();
        assertThat(run(p, Source.of("sec", items("items")), "items").jobFiles()).isEqualTo(4);
    }

    @Test
    void pipelineNamePrefixWinsAtTheStage() throws IOException {
        Pipeline p = pipeline("pfx", "[normalize.data_writer]\ndisable_compression = false\n"
                + "[pfx.normalize.data_writer]\ndisable_compression = true\n",
                Map.of("NORMALIZE__DATA_WRITER__DISABLE_COMPRESSION", "false")).build();
        assertThat(run(p, Source.of("pfx", items("items")), "items").jobGzip()).containsOnly(false);
    }

    // ---- errors before any data moves

    @Test
    void wrongValueStopsTheRunBeforeAnyDataMoves() throws IOException {
        AtomicBoolean opened = new AtomicBoolean();
        Resource watched = Resource.fromIterator("items", () -> {
            opened.set(true);
            return List.of(Map.of("id", 1)).iterator();
        });
        assertThatThrownBy(() -> pipeline("bad", "[sources.bad.extract]\nnext_item_mode = 5\n", Map.of()).build()
                .run(watched))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Config key 'next_item_mode' has invalid value 5, set in "
                        + project().resolve(".dlt/config.toml").toAbsolutePath().normalize()
                        + " section [sources.bad.extract]; allowed: \"fifo\" or \"round_robin\".");
        assertThat(opened).isFalse();
        assertThat(tmp.resolve("pipelines/bad")).doesNotExist();
        assertThat(tmp.resolve("bad.duckdb")).doesNotExist();
    }

    /** DuckDB, recording which threads ran load jobs (through the fault-injection wrapper's hook). */
    static final class ThreadRecordingDestination {
        final Set<Long> threads = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();
        final FaultyDestination destination;

        ThreadRecordingDestination(Path db) {
            this.destination = new FaultyDestination(db, job -> {
                threads.add(Thread.currentThread().getId());
                jobs.incrementAndGet();
            }).withGzipJobFiles();
        }
    }
}
