package dev.dlt4j.normalize;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Normalizes the extracted files of one item format, as dlt's items normalizers do (rows through
 * the relational normalizer, columnar batches by their own schema): {@link Normalizer} picks one
 * per extracted file by the file's format (the extension of its name) from its registry, and
 * refuses a file whose format has none. {@code typed-rows}, the format extract writes objects in,
 * is read by {@link TypedRowsNormalizer}; a columnar format for typed batches (next issues) adds
 * its own.
 *
 * <p>Called on a normalize worker thread, once per file, with the group's relational normalizer,
 * whose schema and job file writers the file's items go to; an implementation keeps no state of
 * its own between files. A failure throws; the worker's package is then discarded.
 */
interface ItemNormalizer {
    /**
     * Normalizes the items of {@code file}, an extracted file of root table {@code table}, into
     * {@code rows}' tables, calls {@code progress} now and then (every 1024 rows or so) and returns
     * how many items the file held, which is checked against what extract recorded.
     */
    long normalize(Path file, String table, RelationalNormalizer rows, Runnable progress) throws IOException;
}
