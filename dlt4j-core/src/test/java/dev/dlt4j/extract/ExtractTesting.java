package dev.dlt4j.extract;

import dev.dlt4j.ExtractInfo;
import dev.dlt4j.Source;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.PipelineStorage;
import dev.dlt4j.storage.RowFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/** Runs the real extractor into a working folder under a temp dir and reads the extracted files back. */
final class ExtractTesting {
    static final String PIPELINE = "extract_test";

    private ExtractTesting() {
    }

    static PipelineStorage storage(Path tmp) {
        return new PipelineStorage(tmp.resolve("pipelines").resolve(PIPELINE));
    }

    static ExtractInfo extract(Path tmp, Source source, DataWriterConfig writer, ExtractConfig config) {
        Extractor extractor = new Extractor(storage(tmp), PIPELINE, NamingConvention.snakeCase(), writer, config);
        return extractor.extract(source, Schema.empty(source.name())).info();
    }

    static ExtractInfo extract(Path tmp, Source source, NextItemMode mode) {
        return extract(tmp, source, DataWriterConfig.DEFAULTS, new ExtractConfig(5, 20, mode));
    }

    static ExtractConfig config(int workers, int maxParallelItems) {
        return new ExtractConfig(workers, maxParallelItems, NextItemMode.FIFO);
    }

    /** The only extracted package. */
    static LoadPackage onlyPackage(Path tmp) {
        List<LoadPackage> pkgs = storage(tmp).extractedPackages();
        if (pkgs.size() != 1) {
            throw new AssertionError("expected one extracted package, found " + pkgs.size());
        }
        return pkgs.get(0);
    }

    static List<Path> files(Path tmp, String table) {
        LoadPackage pkg = onlyPackage(tmp);
        List<Path> out = new ArrayList<>();
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            if (job.table().equals(table)) {
                out.add(pkg.jobPath(JobState.NEW, job));
            }
        }
        return out;
    }

    static List<Map<String, Object>> read(Path file) {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (RowFileReader r = new RowFileReader(file)) {
            for (Map<String, Object> row = r.next(); row != null; row = r.next()) {
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** Rows of a table written to a single file, in write order. */
    static List<Map<String, Object>> rows(Path tmp, String table) {
        List<Path> files = files(tmp, table);
        if (files.size() != 1) {
            throw new AssertionError("expected one file for table " + table + ", found " + files);
        }
        return read(files.get(0));
    }

    /** The {@code tag} column of a table's rows, in write order. */
    static List<String> tags(Path tmp, String table) {
        return rows(tmp, table).stream().map(r -> String.valueOf(r.get("tag"))).toList();
    }

    /** Folders under normalize/ other than extracted/: temp packages of unfinished extracts. */
    static List<Path> tempPackages(Path tmp) {
        try (Stream<Path> s = Files.list(storage(tmp).workingDir().resolve("normalize"))) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().equals("extracted")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Live threads of any extract worker pool. */
    static List<String> livePoolThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith(FuturesPool.THREAD_PREFIX)).toList();
    }

    /** A page of one row tagged {@code <prefix><n>}. */
    static List<Map<String, Object>> page(String tag) {
        return List.of(Map.of("tag", tag));
    }

    /** An iterator of {@code count} items made by {@code item(n)}, n from 1. */
    static Iterator<Object> items(int count, IntFunction<Object> item) {
        return new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return n < count;
            }

            @Override
            public Object next() {
                if (n >= count) {
                    throw new NoSuchElementException();
                }
                return item.apply(++n);
            }
        };
    }

    /** One extract run of an incremental test: what it wrote and the state its package carries. */
    record IncrementalRun(ExtractInfo info, dev.dlt4j.PipelineState state, List<Long> ids) {
    }

    /**
     * Extracts {@code resources} as source {@code src}, continuing from {@code state} (as the next
     * run would); returns the info, the package's state and the ids written to {@code table}.
     */
    static IncrementalRun extractContinuing(Path tmp, ExtractConfig config, dev.dlt4j.PipelineState state,
            String table, dev.dlt4j.Resource... resources) {
        PipelineStorage storage = storage(tmp);
        Extractor extractor = new Extractor(storage, PIPELINE, NamingConvention.snakeCase(), DataWriterConfig.DEFAULTS,
                config);
        ExtractInfo info = extractor.extract(Source.of("src", resources), Schema.empty("src"), state).info();
        LoadPackage pkg = storage.extractedPackages().stream().filter(p -> p.loadId().equals(info.loadId()))
                .findFirst().orElseThrow();
        List<Long> ids = new ArrayList<>();
        for (JobFileName job : pkg.jobs(JobState.NEW)) {
            if (job.table().equals(table)) {
                read(pkg.jobPath(JobState.NEW, job)).forEach(r -> ids.add(((Number) r.get("id")).longValue()));
            }
        }
        return new IncrementalRun(info, pkg.pipelineState().orElseThrow(), ids);
    }

    /** A row from alternating keys and values, in that order. */
    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
