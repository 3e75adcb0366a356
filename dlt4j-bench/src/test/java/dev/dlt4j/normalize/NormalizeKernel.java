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

/**
 * The normalize stage's kernel as the normalizer runs it, for {@code KernelAb}: an extracted file
 * through its item normalizer and the relational normalizer into plain jsonl job files.
 */
public final class NormalizeKernel {
    private NormalizeKernel() {
    }

    /** Normalizes {@code file} into job files under {@code pkgDir}; returns the rows. */
    public static long normalize(Path file, Path pkgDir, boolean columns) throws IOException {
        LoadPackage pkg = new LoadPackage(pkgDir);
        Files.createDirectories(pkg.jobFolder(JobState.NEW));
        DataWriterConfig config = DataWriterConfig.DEFAULTS.withDisableCompression(true);
        java.util.List<TableFileWriter> open = new java.util.ArrayList<>();
        RelationalNormalizer rows = new RelationalNormalizer(Schema.empty("bench"), new NamingConvention(Integer.MAX_VALUE),
                "1700000000.123456", table -> {
                    TableFileWriter w = JobFileWriter.of(pkg, LoaderFileFormat.JSONL, table, config);
                    open.add(w);
                    return w;
                });
        ItemNormalizer n = columns ? new TypedColumnsNormalizer() : new TypedRowsNormalizer();
        long count = n.normalize(file, "flat", rows, () -> { });
        for (TableFileWriter w : open) {
            w.close();
        }
        return count;
    }
}
