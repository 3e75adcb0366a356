package dev.dlt4j.normalize;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.schema.NamingConvention;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The normalize stage's kernel as the normalizer runs it, for {@code KernelAb} and {@code ArrowJobGate}:
 * an extracted file through its item normalizer and the relational normalizer into plain job files.
 */
public final class NormalizeKernel {
    private NormalizeKernel() {
    }

    /** What normalizing one extracted file gave: its rows and the evolved schema. */
    public record Result(long rows, Schema schema) {
    }

    /** Normalizes {@code file} into jsonl job files under {@code pkgDir}; returns the rows. */
    public static long normalize(Path file, Path pkgDir, boolean columns) throws IOException {
        return normalize(file, pkgDir, columns, (pkg, table) -> JobFileWriter.of(pkg, LoaderFileFormat.JSONL, table,
                plain())).rows();
    }

    /** Normalizes {@code file} under {@code pkgDir} with a job writer per table from {@code writers}. */
    static Result normalize(Path file, Path pkgDir, boolean columns,
            BiFunction<LoadPackage, String, TableFileWriter> writers) throws IOException {
        LoadPackage pkg = new LoadPackage(pkgDir);
        Files.createDirectories(pkg.jobFolder(JobState.NEW));
        List<TableFileWriter> open = new ArrayList<>();
        RelationalNormalizer rows = new RelationalNormalizer(Schema.empty("bench"), new NamingConvention(Integer.MAX_VALUE),
                "1700000000.123456", table -> {
                    TableFileWriter w = writers.apply(pkg, table);
                    open.add(w);
                    return w;
                });
        ItemNormalizer n = columns ? new TypedColumnsNormalizer() : new TypedRowsNormalizer();
        long count = n.normalize(file, "flat", rows, () -> { });
        for (TableFileWriter w : open) {
            w.close();
        }
        return new Result(count, rows.schema());
    }

    /** Job files as DuckDB's: uncompressed. */
    static DataWriterConfig plain() {
        return DataWriterConfig.DEFAULTS.withDisableCompression(true);
    }
}
