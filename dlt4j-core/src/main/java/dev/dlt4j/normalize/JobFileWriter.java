package dev.dlt4j.normalize;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.Column;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.LoaderFileFormat;
import dev.dlt4j.storage.BufferedDataWriter;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import java.util.List;
import java.util.Map;

/**
 * The job file writer of one table in one format: rows go into the format's {@link RowEncoder},
 * and the storage's {@link BufferedDataWriter} buffers, appends and rotates them
 * ({@code buffer_max_items}, {@code file_max_items}, {@code file_max_bytes}) into job files in
 * the package's {@code new_jobs}. Used by one normalize worker thread.
 */
final class JobFileWriter implements TableFileWriter {
    private final RowEncoder encoder;
    private final BufferedDataWriter<RowEncoder> writer;

    JobFileWriter(LoadPackage pkg, String table, RowEncoder encoder, DataWriterConfig config) {
        this.encoder = encoder;
        this.writer = new BufferedDataWriter<>(pkg.jobFolder(JobState.NEW), table, encoder,
                new BufferedDataWriter.Limits(config.effectiveBufferItems(), config.fileMaxItems(),
                        config.fileMaxBytes(), !config.disableCompression()));
    }

    /** A writer of {@code table}'s job files in {@code format}. */
    static JobFileWriter of(LoadPackage pkg, LoaderFileFormat format, String table, DataWriterConfig config) {
        return new JobFileWriter(pkg, table, encoderOf(format, table), config);
    }

    private static RowEncoder encoderOf(LoaderFileFormat format, String table) {
        return switch (format) {
            case JSONL -> new JsonlEncoder();
            case CSV -> new CsvEncoder();
            case INSERT_VALUES -> new InsertValuesEncoder();
            case PARQUET -> parquet(table);
            default -> throw new IllegalArgumentException("loader file format " + format
                    + " is not implemented yet; implemented: jsonl, csv, insert_values, parquet");
        };
    }

    /** Parquet's library is optional in core: a destination that writes parquet brings it. */
    private static RowEncoder parquet(String table) {
        try {
            return new ParquetEncoder(table);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("loader file format parquet needs org.apache.parquet:parquet-hadoop on"
                    + " the class path (dlt4j-filesystem brings it): " + e.getMessage(), e);
        }
    }

    @Override
    public void beginRow() {
        encoder.beginRow();
    }

    @Override
    public void value(Column column, Object value) {
        encoder.value(column, value);
    }

    @Override
    public void endRow() {
        if (encoder.endRow()) {
            if (writer.itemsInFile() > 0) {
                writer.rotate(); // the rows so far keep the narrower columns; this row starts a new file
            }
            encoder.admitRow();
        }
        writer.endItem(1);
    }

    @Override
    public long rows() {
        return writer.items();
    }

    @Override
    public void touch() {
        writer.touch();
    }

    @Override
    public List<JobFileName> files() {
        return writer.files();
    }

    @Override
    public Map<JobFileName, Long> rowsPerFile() {
        return writer.itemsPerFile();
    }

    @Override
    public void close() {
        writer.close();
    }
}
