package dev.dlt4j.load;

import dev.dlt4j.progress.ProgressListener;
import dev.dlt4j.spi.LoadJob;
import dev.dlt4j.storage.JobCount;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rows and bytes of a package's job files moving while they load, also inside one long job: the
 * counters {@code Rows} and {@code Bytes} (totals from what normalize wrote) advance by each done
 * job and, every {@value #PERIOD_MS} ms, by the share of each running job the destination reports
 * ({@link LoadJob#fractionDone()}). A daemon thread polls only while progress is shown and a
 * package loads; with progress off nothing is started.
 */
final class LoadProgress implements AutoCloseable {
    static final long PERIOD_MS = 250;

    private final ProgressListener progress;
    private final Map<LoadJob, JobCount> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private long doneRows;
    private long doneBytes;
    private long shownRows;
    private long shownBytes;
    private long totalRows;
    private long totalBytes;
    private boolean totalsShown;

    private LoadProgress(ProgressListener progress, ScheduledExecutorService poller) {
        this.progress = progress;
        this.poller = poller;
    }

    /** Starts showing the package's rows and bytes; {@code counts} are its jobs' (empty: nothing to show). */
    static LoadProgress start(ProgressListener progress, Map<String, JobCount> counts, String loadId) {
        if (progress.isOff() || counts.isEmpty()) {
            return new LoadProgress(progress, null);
        }
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dlt4j-load-progress-" + loadId);
            t.setDaemon(true);
            return t;
        });
        LoadProgress p = new LoadProgress(progress, poller);
        p.totalRows = counts.values().stream().mapToLong(JobCount::rows).sum();
        p.totalBytes = counts.values().stream().mapToLong(JobCount::bytes).sum();
        poller.scheduleAtFixedRate(p::report, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
        return p;
    }

    void running(LoadJob job, JobCount count) {
        if (poller != null) {
            running.put(job, count);
        }
    }

    /** The job ended: counted whole when it loaded, not at all when it failed (its retry counts again). */
    void ended(LoadJob job, boolean loaded) {
        if (poller == null) {
            return;
        }
        JobCount c = running.remove(job);
        if (loaded && c != null) {
            synchronized (this) {
                doneRows += c.rows();
                doneBytes += c.bytes();
            }
            report();
        }
    }

    /** Shows what moved since the last report; counters only grow (a failed job's share is not taken back). */
    synchronized void report() {
        if (!totalsShown && running.isEmpty() && doneRows == 0 && doneBytes == 0) {
            return; // no job started yet (migrations): the loader's Jobs counter comes first in the log
        }
        if (!totalsShown) {
            // set at the first report, so the loader's own counter (Jobs) comes first in the log
            progress.total("Rows", totalRows);
            progress.total("Bytes", totalBytes);
            totalsShown = true;
        }
        double rows = doneRows;
        double bytes = doneBytes;
        for (Map.Entry<LoadJob, JobCount> e : running.entrySet()) {
            OptionalDouble f;
            try {
                f = e.getKey().fractionDone();
            } catch (RuntimeException ex) {
                f = OptionalDouble.empty(); // a destination's progress must never fail the load
            }
            if (f.isPresent()) {
                double share = Math.max(0, Math.min(1, f.getAsDouble()));
                rows += share * e.getValue().rows();
                bytes += share * e.getValue().bytes();
            }
        }
        long r = (long) rows;
        long b = (long) bytes;
        if (r > shownRows) {
            progress.update("Rows", r - shownRows);
            shownRows = r;
        }
        if (b > shownBytes) {
            progress.update("Bytes", b - shownBytes);
            shownBytes = b;
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
