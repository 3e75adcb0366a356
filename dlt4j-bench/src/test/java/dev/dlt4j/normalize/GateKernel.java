package dev.dlt4j.normalize;

import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.schema.Schema;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * For {@code ArrowJobGate}: an extracted file through its item normalizer and the relational
 * normalizer into plain job files of one format ({@code jsonl}, ..., the gate's {@code arrow}; null: the
 * values are discarded, the normalizer's own cost), as the normalize stage writes them; returns the
 * evolved schema (the job files are in {@code pkgDir}'s new_jobs).
 */
public final class GateKernel {
    private GateKernel() {
    }

    public static Schema normalize(Path file, Path pkgDir, boolean columns, String format) throws IOException {
        return NormalizeKernel.normalize(file, pkgDir, columns, (pkg, table) -> format == null ? new Discard()
                : format.equals("arrow") ? new JobFileWriter(pkg, table, new ArrowGateEncoder(), NormalizeKernel.plain())
                : JobFileWriter.of(pkg, LoaderFileFormat.fromName(format), table, NormalizeKernel.plain())).schema();
    }

    /** Takes the rows and writes nothing: the normalizer's own cost. */
    private static final class Discard implements TableFileWriter {
        long rows;
        long sink;

        @Override
        public void beginRow() {
        }

        @Override
        public void value(dev.dlt4j.Column column, Object value) {
            sink += value.hashCode() & 1;
        }

        @Override
        public void endRow() {
            rows++;
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public void touch() {
        }

        @Override
        public java.util.List<dev.dlt4j.spi.JobFileName> files() {
            return java.util.List.of();
        }

        @Override
        public java.util.Map<dev.dlt4j.spi.JobFileName, Long> rowsPerFile() {
            return java.util.Map.of();
        }

        @Override
        public void close() {
        }
    }

    public static Path jobFolder(Path pkgDir) {
        return new LoadPackage(pkgDir).jobFolder(JobState.NEW);
    }
}
