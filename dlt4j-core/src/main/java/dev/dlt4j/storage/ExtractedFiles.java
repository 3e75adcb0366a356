package dev.dlt4j.storage;

import dev.dlt4j.schema.Schema;
import dev.dlt4j.spi.JobFileName;

/**
 * Told of an extract's files while the extract still runs, as each is closed whole: the seam
 * through which normalize starts on them before the package is committed
 * ({@code dev.dlt4j.normalize.NormalizeAhead}). An extract that tells one writes the files of each
 * table under ids that sort in the order they were written, and closes them every so many rows.
 *
 * <p>Threading contract: every method but {@link #cancelled} is called on the extract thread, in this order:
 * {@link #started} once, {@link #closed} for files as they are closed, then {@link #finishing}
 * (the package is about to be committed) or {@link #aborted} (the extract failed and its package
 * is deleted; also after {@link #finishing} when the commit itself fails). {@link #started} returns
 * promptly; {@link #closed} may hold extract back while the listener is behind, but never once it
 * has stopped taking files; {@link #finishing} and {@link #aborted} return only once no
 * other thread reads the package's files or writes what it derives from them, so that the extract
 * may rename or delete them. None of them throws: a listener that fails gives up on its own, and
 * the extract goes on as if it were not there.
 */
public interface ExtractedFiles {
    /**
     * Extract begins {@code pkg} (still in its temp folder); among the tables the source may write,
     * {@code firstTable}'s files sort first by name.
     */
    void started(LoadPackage pkg, String firstTable);

    /**
     * {@code file} of {@code pkg}'s {@code new_jobs} is closed and complete, holding {@code count};
     * {@code schema} is the package's schema at that moment (it may still grow). Only files whose
     * place in the package's name order is final are told: each sorts after every file of its
     * table told before and before every file of its table not told yet (files of a table's second
     * item kind, which sort after all of its first kind's, are not told).
     */
    void closed(JobFileName file, JobCount count, Schema schema);

    /** Every file is closed and the package is about to be committed: stop reading its temp folder. */
    void finishing();

    /** The extract failed: whatever was derived from its files is to be dropped. */
    void aborted();

    /**
     * The extract is being cancelled (Ctrl-C): {@link #closed} must not hold it back any more. Called on
     * the thread that handles the signal, before {@link #aborted}; default nothing.
     */
    default void cancelled() {
    }
}
