package dev.dlt4j.extract;

import dev.dlt4j.ColumnPage;
import dev.dlt4j.DataWriterConfig;
import dev.dlt4j.storage.ColumnFileWriter;
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
 * normalizer by each file's format. Items whose columns are known before their rows
 * ({@link ColumnPage}s, and records or beans of a {@link ScalarClass}) go to {@link #columns}, a
 * writer of {@code typed-columns} files, created when the first such item arrives; a file there
 * holds one set of columns, so other columns rotate to a new file.
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
    private final BufferedDataWriter.Limits limits;
    /** False: LZ4 files of uncompressed blocks ({@link BufferedDataWriter#compressBlocks}). */
    private final boolean compressBlocks;
    private BufferedDataWriter<ColumnFileWriter> columns;
    /** Typed rows of the current item not yet handed to {@link #columns}. */
    private int inColumns;
    /** The property values of one record or bean, reused row after row. */
    private Object[] values = new Object[0];

    /** Closed files go to {@link #onClosed}; empty: nobody is told (the ids are ordered either way). */
    private final java.util.Optional<java.util.function.BiConsumer<JobFileName, Long>> onClosed;
    /** Per writer (0 objects, 1 columns): the next file id of an ordered run, or -1 before its first file. */
    private final long[] nextId = {-1, -1};
    private int idRuns;

    TableWriter(LoadPackage pkg, String table, DataWriterConfig config, boolean compressBlocks) {
        this(pkg, table, config, compressBlocks, java.util.Optional.empty());
    }

    /**
     * A writer whose closed files go to {@code onClosed} (on this thread), with ids that sort in the
     * order the files were opened within each of its two writers, and all files of the writer that
     * opened first before all of the other's: the order normalize reads them in is then the order
     * they were written, which normalizing them during extract relies on.
     */
    TableWriter(LoadPackage pkg, String table, DataWriterConfig config, boolean compressBlocks,
            java.util.Optional<java.util.function.BiConsumer<JobFileName, Long>> onClosed) {
        this.pkg = pkg;
        this.table = table;
        this.limits = limits(config);
        this.compressBlocks = compressBlocks;
        this.onClosed = onClosed;
        this.rows = new RowFileWriter();
        this.objects = ordered(new BufferedDataWriter<>(pkg.jobFolder(JobState.NEW), table, rows, limits(config)), 0);
    }

    private <E extends dev.dlt4j.storage.ItemEncoder> BufferedDataWriter<E> ordered(BufferedDataWriter<E> w, int kind) {
        // ordered ids whether or not anyone listens: normalize reads a table's files in name order, and with
        // random ids a table cut into files ([extract.data_writer] file_max_items) was normalized in random
        // order, so its first value (a column's type, its variants) depended on the ids drawn
        w.fileIds(() -> nextFileId(kind)).compressBlocks(compressBlocks);
        if (onClosed.isEmpty()) {
            return w;
        }
        java.util.function.BiConsumer<JobFileName, Long> listener = onClosed.get();
        // only the files of the writer that opened first: each sorts after those closed before it and before
        // every file of the table still to come; the other writer's files all sort after them
        return w.onClosed((file, items) -> {
            if (nextId[kind] < (1L << 39)) {
                listener.accept(file, items);
            }
        });
    }

    /**
     * The next id of writer {@code kind}: the first writer to open a file counts up from a random
     * point below 2^38, the other from one in [2^39, 2^39 + 2^38), so every id of the first sorts
     * before every id of the second (10 hex digits, as random ids have).
     */
    private String nextFileId(int kind) {
        if (nextId[kind] < 0) {
            long start = java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 38);
            nextId[kind] = idRuns++ == 0 ? start : (1L << 39) + start;
        }
        return String.format(java.util.Locale.ROOT, "%010x", nextId[kind]++);
    }

    static BufferedDataWriter.Limits limits(DataWriterConfig c) {
        return new BufferedDataWriter.Limits(c.effectiveBufferItems(), c.fileMaxItems(), c.fileMaxBytes(),
                !c.disableCompression());
    }

    /**
     * Encodes one object row into the buffer: a {@link ColumnPage} (all its rows), a record or bean
     * of a {@link ScalarClass} into {@code typed-columns}, anything else into {@code typed-rows}.
     * Call {@link #endItem()} after each item (row or page).
     */
    void write(Object row) {
        if (row instanceof ColumnPage page) {
            writePage(page);
            return;
        }
        java.util.Optional<ScalarClass> scalar = ScalarClass.lookup(row.getClass());
        if (scalar.isPresent()) {
            writeScalar(scalar.get(), row);
            return;
        }
        if (inItem == 0) {
            objects.openFile(); // a file that cannot be created fails this item, naming it
        }
        ValueEncoder.encodeRow(row, rows, table);
        inItem++;
    }

    private void writePage(ColumnPage page) {
        if (page.rowCount() == 0) {
            return;
        }
        ColumnFileWriter enc = columnsFor(page.columns());
        enc.page(page);
        inColumns += page.rowCount();
    }

    private void writeScalar(ScalarClass layout, Object row) {
        ColumnFileWriter enc = columnsFor(layout.columns());
        if (values.length != layout.columns().size()) {
            values = new Object[layout.columns().size()];
        }
        layout.values(row, values);
        enc.row(values);
        inColumns++;
    }

    /** The typed-columns encoder, set to {@code cols}: a file holds one set of columns, so others rotate. */
    private ColumnFileWriter columnsFor(java.util.List<dev.dlt4j.Column> cols) {
        if (columns == null) {
            columns = ordered(new BufferedDataWriter<>(pkg.jobFolder(JobState.NEW), table, new ColumnFileWriter(),
                    limits), 1);
        }
        ColumnFileWriter enc = columns.encoder();
        if (enc.columns() == null || !enc.columns().equals(cols)) {
            if (enc.columns() != null) {
                // the rows of this item so far belong to the old columns' file
                if (inColumns > 0) {
                    int n = inColumns;
                    inColumns = 0;
                    columns.endItem(n);
                }
                columns.rotate();
            }
            enc.columns(cols);
        }
        if (inColumns == 0) {
            columns.openFile(); // a file that cannot be created fails this item, naming it
        }
        return enc;
    }

    /** Ends one item: appends the buffer to the file when it is full, then rotates if the file is full. */
    void endItem() {
        if (inItem > 0) {
            int n = inItem;
            inItem = 0;
            objects.endItem(n);
        }
        if (inColumns > 0) {
            int n = inColumns;
            inColumns = 0;
            columns.endItem(n);
        }
    }

    /** Makes sure a file exists for this table even when no row was written (an empty replace). */
    void touch() {
        objects.touch();
    }

    /** Rows and bytes of every file this writer closed, by job id. */
    Map<String, JobCount> fileCounts() {
        Map<String, JobCount> out = new LinkedHashMap<>();
        for (BufferedDataWriter<?> w : columns == null ? java.util.List.of(objects)
                : java.util.List.<BufferedDataWriter<?>>of(objects, columns)) {
            for (Map.Entry<JobFileName, Long> e : w.itemsPerFile().entrySet()) {
                out.put(e.getKey().jobId(), new JobCount(e.getValue(), LoadPackage.size(pkg.jobPath(JobState.NEW,
                        e.getKey()))));
            }
        }
        return out;
    }

    long rows() {
        return objects.items() + inItem + (columns == null ? 0 : columns.items()) + inColumns;
    }

    long flushes() {
        return objects.flushes() + (columns == null ? 0 : columns.flushes());
    }

    int files() {
        return objects.files().size() + (columns == null ? 0 : columns.files().size());
    }

    String table() {
        return table;
    }

    @Override
    public void close() {
        endItem();
        objects.close();
        if (columns != null) {
            columns.close();
        }
    }

    /** Closes the file without appending what is buffered: used when extraction failed. */
    void abort() {
        inItem = 0;
        inColumns = 0;
        objects.abort();
        if (columns != null) {
            columns.abort();
        }
    }
}
