package dev.dlt4j.spi;

import java.util.function.LongSupplier;

/**
 * The load of one job file into its table, made by {@link DestinationClient#newLoadJob}. The work
 * is split so that the loader decides what becomes permanent: {@link #run()} does the work without
 * making it permanent, {@link #commit()} makes it permanent together with the job's marker,
 * {@link #abort()} undoes it.
 *
 * <p>Lifecycle, all on the one loader thread that runs the job (jobs of one client run on up to
 * {@code load.workers} threads at once, each job on one):
 * <pre>{@code
 * try (LoadJob job = client.newLoadJob(table, jobFile, path, loadId)) {
 *     try {
 *         long rows = job.run();      // once
 *         check(rows);                // the loader compares them with the rows normalize wrote
 *         job.commit();               // once, only after run returned
 *     } catch (RuntimeException e) {
 *         job.abort();                // after any failure of run, the check or commit
 *         throw e;
 *     }
 * }
 * }</pre>
 * A retried job is a new {@code LoadJob} of the retried file. A failure of {@link #run()} or
 * {@link #commit()} is a {@link DestinationTerminalException} when the job can never succeed (the
 * loader moves it to {@code failed_jobs/}), any other exception when it may (the loader retries it).
 *
 * <p>Atomicity: after {@link #commit()} returns, the rows and the job marker are both permanent
 * (a crash cannot lose either, and {@link DestinationClient#completedJobs} reports the job); before
 * it, neither is visible to readers. A database commits both in one transaction; a destination
 * that cannot mark jobs (files) makes its output visible in one atomic step (a rename).
 *
 * <p>In a package transaction (a client of {@link DestinationClient#beginPackageTransaction}) the
 * job joins the package's transaction: {@link #commit()} writes the marker but nothing is visible
 * before {@link DestinationClient#commitPackage()}; {@link #abort()} cannot undo part of that
 * transaction, so the loader rolls the whole package back by closing the client.
 */
public interface LoadJob extends AutoCloseable {

    /**
     * Loads the file, not yet permanently (an open transaction, a temporary file), and returns the
     * rows the destination took from it (its insert count, COPY's count, the rows of the file written).
     */
    long run();

    /** Makes what {@link #run()} did permanent together with the job marker, when the destination has one. */
    void commit();

    /**
     * Undoes what {@link #run()} did (rolls back, deletes partial output) and releases what the job
     * holds. Safe after any failure and at any point: a no-op after {@link #commit()} or a second
     * call. Does not throw for what it cannot undo: that is left as a kill would leave it (rolled
     * back by the database, a temporary the destination's next load deletes).
     */
    void abort();

    /**
     * How much of the job file {@link #run()} has loaded so far, from 0 to 1, when the destination can
     * tell (DuckDB's query progress, the bytes PostgreSQL's {@code COPY} has read); empty otherwise.
     * Called from another thread while {@code run()} executes, a few times a second, only when
     * progress is shown; must be cheap and never block on the job's work. Default: empty.
     */
    default java.util.OptionalDouble fractionDone() {
        return java.util.OptionalDouble.empty();
    }

    /**
     * Releases what the job holds. A job closed without {@link #commit()} or {@link #abort()} (an
     * {@link Error} went through) is left as a kill would leave it; nothing of it becomes visible.
     * Default: nothing to release.
     */
    @Override
    default void close() {
    }

    /**
     * A job whose load is one all-or-nothing call with nothing to commit apart and no marker (a
     * destination that cannot mark jobs, or a test destination): {@code run} calls {@code work}.
     */
    static LoadJob of(LongSupplier work) {
        return new LoadJob() {
            @Override
            public long run() {
                return work.getAsLong();
            }

            @Override
            public void commit() {
            }

            @Override
            public void abort() {
            }
        };
    }
}
