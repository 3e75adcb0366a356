package dev.dlt4j.extract;

import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.spi.JobFileName;
import dev.dlt4j.storage.BufferedDataWriter;
import dev.dlt4j.storage.JobCount;
import dev.dlt4j.storage.JobState;
import dev.dlt4j.storage.LoadPackage;
import dev.dlt4j.storage.RowFileWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The writer of one table in one extract package. Each kind of item is written in its own file
 * format, as dlt's extractors do: objects (maps, records, beans, JSON nodes) are encoded as they
 * arrive into {@code typed-rows} files, which normalize reads with its row normalizer. Typed
 * columnar batches (next issues) get a writer of their own beside {@link #objects}, with a columnar
 * encoder, so a table may have files of both formats in one package; normalize picks the
 * normalizer by each file's format.
 *
 * <p>Buffering and rotation are the {@link BufferedDataWriter}'s: an item (a row, or a page written
 * in one go) is counted when it ends, so a page is never split across appends or files. Used by
 * the extract thread only.
 */
final class TableWriter implements AutoCloseable {
    private final LoadPackage pkg;
    private final String table;
    private final BufferedDataWriter<RowFileWriter> objects;
    private final RowFileWriter rows;
    /** Rows of the current item not yet handed to the writer. */
    private int inItem;

    TableWriter(LoadPackage pkg, String table, DataWriterConfig config) {
        this.pkg = pkg;
        this.table = table;
        this.rows = new RowFileWriter();
        this.objects = new BufferedDataWriter<>(pkg.jobFolder(JobState.NEW), table, rows, limits(config));
    }

    static BufferedDataWriter.Limits limits(DataWriterConfig c) {
        return new BufferedDataWriter.Limits(c.effectiveBufferItems(), c.fileMaxItems(), c.fileMaxBytes(),
                !c.disableCompression());
    }

    /** Encodes one object row into the buffer. Call {@link #endItem()} after each item (row or page). */
    void write(Object row) {
        if (inItem == 0) {
            objects.openFile(); // a file that cannot be created fails this item, naming it
        }
        ValueEncoder.encodeRow(row, rows, table);
        inItem++;
    }

    /** Ends one item: appends the buffer to the file when it is full, then rotates if the file is full. */
    void endItem() {
        if (inItem > 0) {
            int n = inItem;
            inItem = 0;
            objects.endItem(n);
        }
    }

    /** Makes sure a file exists for this table even when no row was written (an empty replace). */
    void touch() {
        objects.touch();
    }

    /** Rows and bytes of every file this writer closed, by job id. */
    Map<String, JobCount> fileCounts() {
        Map<String, JobCount> out = new LinkedHashMap<>();
        for (Map.Entry<JobFileName, Long> e : objects.itemsPerFile().entrySet()) {
            out.put(e.getKey().jobId(), new JobCount(e.getValue(), LoadPackage.size(pkg.jobPath(JobState.NEW,
                    e.getKey()))));
        }
        return out;
    }

    long rows() {
        return objects.items() + inItem;
    }

    long flushes() {
        return objects.flushes();
    }

    int files() {
        return objects.files().size();
    }

    String table() {
        return table;
    }

    @Override
    public void close() {
        endItem();
        objects.close();
    }

    /** Closes the file without appending what is buffered: used when extraction failed. */
    void abort() {
        inItem = 0;
        objects.abort();
    }
}
