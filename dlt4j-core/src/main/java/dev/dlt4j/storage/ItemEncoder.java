package dev.dlt4j.storage;

import dev.dlt4j.spi.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * The format-specific half of a {@link BufferedDataWriter}: holds the items a caller encoded
 * (as bytes, or as values where a file's columns are fixed only when it opens) and writes them,
 * a batch at a time, into the file the writer opened. Buffering limits, rotation, file names,
 * compression and counts are the writer's; an encoder never opens or closes a file.
 *
 * <p>Callers encode items through the encoder's own methods (rows of {@code typed-rows}, values
 * of a job file row) and then tell the writer with {@link BufferedDataWriter#endItem(int)}. One
 * encoder per writer, used by the writer's thread only.
 */
public interface ItemEncoder {
    /** The format's name, which is the files' extension: {@code typed-rows}, {@code jsonl}, ... */
    String format();

    /**
     * The codec of this format's files unless compression is disabled: job formats say gzip
     * ({@link Compression#JOB_FILES}), binary formats none, extracted formats
     * {@link Compression#EXTRACTED_FILES}.
     */
    default Optional<Compression.Codec> codec() {
        return Optional.of(Compression.JOB_FILES);
    }

    /** A new file was opened: writes what comes before any item (a magic number); headers that name columns wait for the first batch. */
    default void startFile(OutputStream out) throws IOException {
    }

    /**
     * True when the buffered items cannot go into the open file (its columns were fixed when its
     * first batch was written, and the items bring more): the writer closes it and writes them
     * into a new one.
     */
    default boolean needsNewFile() {
        return false;
    }

    /** Appends every buffered item to the open file and forgets them. */
    void writeBuffered(OutputStream out) throws IOException;

    /**
     * True when the encoded bytes should go to the file before the buffer is full (a small buffer
     * stays in the CPU cache). Asked after each item that does not fill the buffer.
     */
    default boolean spillNow() {
        return false;
    }

    /** The open file's size for {@code file_max_bytes}, given the uncompressed bytes written to it so far. */
    default long fileBytes(long written) {
        return written;
    }

    /** Finishes the open file (a footer, a statement's end) and readies the encoder for the next file. */
    default void endFile(OutputStream out) throws IOException {
    }

    /** Forgets the buffered items without writing them: the stage failed and its files are discarded. */
    default void discard() {
    }
}
