package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import dev.dlt4j.spi.JobFileName;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The buffered, rotating writer of one table's files in one package (dlt's
 * {@code BufferedDataWriter}), for every file format: extract's {@code typed-rows} and the load
 * job formats. Its {@link ItemEncoder} holds the items encoded so far; once
 * {@code buffer_max_items} of them are held (counted at item ends, so an item is never split)
 * they are appended to the table's current file, and after an append the file is closed once it
 * holds {@code file_max_items} items or {@code file_max_bytes} uncompressed bytes; the next
 * append opens a new file. Files are opened when the first batch is written (or earlier by
 * {@link #openFile()} and {@link #touch()}), created exclusively under a fresh random file id,
 * and compressed in the format's codec ({@link ItemEncoder#codec()}) unless compression is disabled.
 *
 * <p>Not thread-safe: one writer per table and thread. Several writers (normalize workers) may
 * write files of the same table into one folder at once; exclusive creation keeps them apart.
 * An I/O failure throws {@link StorageException} naming the file; the caller then
 * {@link #abort()}s and discards the package.
 */
public final class BufferedDataWriter<E extends ItemEncoder> implements AutoCloseable {
    private static final org.slf4j.Logger LOG = dev.dlt4j.log.Logs.get(BufferedDataWriter.class);
    private final Path folder;
    private final String table;
    private final E encoder;
    private final int bufferItems;
    private final long fileMaxItems;
    private final long fileMaxBytes;
    private final Optional<Compression.Codec> codec;
    private final List<JobFileName> files = new ArrayList<>();
    private final Map<JobFileName, Long> itemsPerFile = new LinkedHashMap<>();
    private CountingStream out;
    private JobFileName current;
    private int buffered;
    private long itemsInFile;
    private long items;
    private long flushes;
    /** Draws the id of each new file; empty: a random one ({@link JobFileName#newFileId()}). */
    private Optional<java.util.function.Supplier<String>> fileIds = Optional.empty();
    /** Told of each file once it is closed whole, with its items: never of an aborted one. */
    private java.util.function.BiConsumer<JobFileName, Long> onClosed = (f, n) -> { };
    private boolean compressBlocks = true;

    /**
     * The settings of a stage's {@code [data_writer]}: items held before an append, items and
     * uncompressed bytes after which a file rotates (0: never), and whether formats that allow it
     * are compressed (in their codec, {@link ItemEncoder#codec()}).
     */
    public record Limits(int bufferItems, long fileMaxItems, long fileMaxBytes, boolean compress) {
        public Limits {
            if (bufferItems < 1 || fileMaxItems < 0 || fileMaxBytes < 0) {
                throw new IllegalArgumentException("buffer items must be at least 1 and file limits not negative, got "
                        + bufferItems + ", " + fileMaxItems + ", " + fileMaxBytes);
            }
        }
    }

    /** A writer of {@code table}'s files into {@code folder} (a package's {@code new_jobs}). */
    public BufferedDataWriter(Path folder, String table, E encoder, Limits limits) {
        this.folder = folder;
        this.table = table;
        this.encoder = encoder;
        this.bufferItems = limits.bufferItems();
        this.fileMaxItems = limits.fileMaxItems();
        this.fileMaxBytes = limits.fileMaxBytes();
        this.codec = limits.compress() ? encoder.codec() : Optional.empty();
    }

    /**
     * Draws file ids from {@code ids} instead of at random: extract's files of one table then sort
     * by name in the order they were written, which normalizing them during extract relies on
     * ({@code dev.dlt4j.normalize.NormalizeAhead}). An id already taken is skipped.
     */
    public BufferedDataWriter<E> fileIds(java.util.function.Supplier<String> ids) {
        this.fileIds = Optional.of(ids);
        return this;
    }

    /**
     * With {@code false}, writes its LZ4 files as frames of uncompressed blocks, with the frame's block and
     * content checksums (any LZ4 frame reader reads them); default {@code true}, compressed. Extract's files for a
     * destination that loads plain job files (docs/performance.md, "Seventh round").
     */
    public BufferedDataWriter<E> compressBlocks(boolean value) {
        this.compressBlocks = value;
        return this;
    }

    /**
     * Calls {@code listener} (on the writing thread) with each file this writer closes whole and
     * the items it holds, right after it is closed; a file closed by {@link #abort()} is not one.
     */
    public BufferedDataWriter<E> onClosed(java.util.function.BiConsumer<JobFileName, Long> listener) {
        this.onClosed = listener;
        return this;
    }

    /** The encoder the caller writes items into before {@link #endItem(int)}. */
    public E encoder() {
        return encoder;
    }

    public String table() {
        return table;
    }

    /**
     * Ends one item of {@code count} rows the caller has just encoded: appends the buffer to the
     * file when it holds {@code buffer_max_items} (then rotates if the file is full), else lets
     * the encoder spill its bytes early if it wants to.
     */
    public void endItem(int count) {
        items += count;
        itemsInFile += count;
        buffered += count;
        if (buffered >= bufferItems) {
            flush();
        } else if (encoder.spillNow()) {
            try {
                open();
                encoder.writeBuffered(out);
            } catch (IOException e) {
                throw failed("write", e);
            }
        }
    }

    /** Appends what is buffered to the current file (opening one if needed), then rotates if it is full. */
    public void flush() {
        if (buffered == 0) {
            return;
        }
        try {
            if (out != null && encoder.needsNewFile()) {
                // the buffered items belong to the next file, not to the one closed here
                itemsInFile -= buffered;
                closeFile();
                itemsInFile = buffered;
            }
            open();
            encoder.writeBuffered(out);
        } catch (IOException e) {
            throw failed("write", e);
        }
        buffered = 0;
        flushes++;
        if ((fileMaxItems > 0 && itemsInFile >= fileMaxItems)
                || (fileMaxBytes > 0 && encoder.fileBytes(out.count) >= fileMaxBytes)) {
            closeFile();
        }
    }

    /**
     * Writes what is buffered and closes the current file, so the next item starts a new one: for
     * an item whose columns the current file cannot take (a fixed header). Call before
     * {@link #endItem(int)} of that item, with the item held aside by the encoder.
     */
    public void rotate() {
        flush();
        if (out != null) {
            closeFile();
        }
    }

    /**
     * Opens the table's next file now, unless one is open (else the first append opens it): for a
     * caller that wants a file that cannot be created (a table name too long for a file name, a
     * full disk) to fail at the item that needs it.
     */
    public void openFile() {
        if (out == null) {
            try {
                open();
            } catch (IOException e) {
                throw failed("create", e);
            }
        }
    }

    /** Makes sure the table has a file even when no item was written (an empty replace truncates with it). */
    public void touch() {
        if (files.isEmpty() && out == null) {
            try {
                open();
            } catch (IOException e) {
                throw failed("create", e);
            }
        }
    }

    private void open() throws IOException {
        if (out != null) {
            return;
        }
        while (true) {
            JobFileName name = fileIds.isPresent()
                    ? new JobFileName(table, fileIds.get().get(), 0, encoder.format(), codec)
                    : JobFileName.create(table, encoder.format(), codec);
            Path path = folder.resolve(name.fileName());
            OutputStream raw;
            try {
                raw = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException taken) {
                continue; // another writer drew the same random id
            }
            current = name;
            files.add(name);
            out = new CountingStream(FileCodecs.open(raw, codec, compressBlocks));
            encoder.startFile(out);
            return;
        }
    }

    private void closeFile() {
        CountingStream closing = out;
        out = null;
        try {
            try {
                encoder.endFile(closing);
            } finally {
                closing.close();
            }
        } catch (IOException e) {
            throw new StorageException("cannot close " + encoder.format() + " file " + folder.resolve(
                    current.fileName()) + " of table " + table, e);
        }
        itemsPerFile.put(current, itemsInFile);
        LOG.debug("table {}: wrote {} file {} ({} item(s))", table, encoder.format(), folder.resolve(current.fileName()),
                itemsInFile);
        long closedItems = itemsInFile;
        itemsInFile = 0;
        onClosed.accept(current, closedItems);
    }

    private StorageException failed(String what, IOException e) {
        return new StorageException("cannot " + what + " " + encoder.format() + " file "
                + (current == null ? "" : folder.resolve(current.fileName()) + " ") + "of table " + table, e);
    }

    /** Items written (buffered ones included). */
    public long items() {
        return items;
    }

    /** Items of the current file, buffered ones included; 0 right after a rotation. */
    public long itemsInFile() {
        return itemsInFile;
    }

    /** How many times buffered items were appended to a file. */
    public long flushes() {
        return flushes;
    }

    /** Every file this writer created, in order, the open one included. */
    public List<JobFileName> files() {
        return Collections.unmodifiableList(files);
    }

    /** Items in each closed file, in order. */
    public Map<JobFileName, Long> itemsPerFile() {
        return Collections.unmodifiableMap(itemsPerFile);
    }

    /** Appends what is buffered and closes the current file. */
    @Override
    public void close() {
        flush();
        if (out != null) {
            closeFile();
        }
    }

    /** Closes the current file without appending what is buffered: the stage failed and discards its files. */
    public void abort() {
        encoder.discard();
        buffered = 0;
        if (out != null) {
            CountingStream closing = out;
            out = null;
            try {
                closing.close();
            } catch (IOException ignored) {
                // the files are discarded anyway
            }
        }
    }

    /** Counts the uncompressed bytes of a file, for {@code file_max_bytes}; writes go through in bulk. */
    static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
