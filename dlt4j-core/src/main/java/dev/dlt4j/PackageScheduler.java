package dev.dlt4j;

import dev.dlt4j.storage.LoadPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Runs the normalize and load stages over several packages at once: package N loads on a thread
 * of its own while the calling thread normalizes package N+1. Packages load one at a time, in
 * order: first the ones already normalized (older), then each one as soon as it is normalized.
 *
 * <p>Each stage commits its own package (normalize by publishing it to {@code load/normalized},
 * load by moving it to {@code load/loaded} with its state), so a package is always either before
 * or after a stage, never half in it. On a failure of one stage the other finishes the package
 * it is working on and starts no new one; then the first failure is thrown, with the other one
 * (if any) suppressed. Every package not finished stays where it was, for the next run. As in a
 * run without overlap, a normalize failure loads no package after it.
 *
 * <p>Not reusable: one {@link #run()} per scheduler, from the thread that holds the working
 * folder's lock; the load thread is ended before {@code run} returns or throws.
 */
final class PackageScheduler {
    private final List<LoadPackage> normalized;
    private final List<LoadPackage> extracted;
    private final Function<LoadPackage, LoadPackage> normalize;
    private final Function<LoadPackage, ?> load;
    private final String threadName;
    /** Normalized packages handed to the load thread; END ends it. */
    private final LinkedBlockingQueue<LoadPackage> queue = new LinkedBlockingQueue<>();
    private static final LoadPackage END = new LoadPackage(java.nio.file.Path.of("end-of-packages"));
    private volatile Throwable loadFailure;
    private volatile boolean normalizeFailed;
    private final List<Object> loaded = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * @param normalized packages waiting to load, oldest first
     * @param extracted packages waiting to be normalized, oldest first
     * @param normalize normalizes one package and returns it as published for load (calling thread)
     * @param load loads one package and returns what it reports (load thread)
     */
    PackageScheduler(List<LoadPackage> normalized, List<LoadPackage> extracted,
            Function<LoadPackage, LoadPackage> normalize, Function<LoadPackage, ?> load, String threadName) {
        this.normalized = List.copyOf(normalized);
        this.extracted = List.copyOf(extracted);
        this.normalize = Objects.requireNonNull(normalize, "normalize");
        this.load = Objects.requireNonNull(load, "load");
        this.threadName = threadName;
    }

    /**
     * Normalizes every extracted package and loads every package; returns what {@code load}
     * returned for each loaded package, in load order.
     *
     * @throws RuntimeException or Error: the first failure of either stage, as thrown by it
     */
    List<Object> run() {
        queue.addAll(normalized);
        Thread loader = new Thread(this::loadAll, threadName);
        loader.setDaemon(true);
        loader.start();
        Throwable normalizeFailure = null;
        try {
            for (LoadPackage pkg : extracted) {
                if (loadFailure != null) {
                    break; // the load stage failed: no new package is normalized for it
                }
                queue.add(normalize.apply(pkg));
            }
        } catch (RuntimeException | Error e) {
            normalizeFailure = e;
            normalizeFailed = true;
        } finally {
            queue.add(END);
            joinUninterruptibly(loader);
        }
        Throwable first = normalizeFailure != null ? normalizeFailure : loadFailure;
        if (first != null) {
            Throwable other = first == normalizeFailure ? loadFailure : null;
            if (other != null && other != first) {
                first.addSuppressed(other);
            }
            if (first instanceof RuntimeException re) {
                throw re;
            }
            throw (Error) first;
        }
        return List.copyOf(loaded);
    }

    /** The load thread: one package at a time, in queue order, until END, a failure of its own, or of normalize. */
    private void loadAll() {
        try {
            while (true) {
                LoadPackage pkg = queue.take();
                if (pkg == END || normalizeFailed) {
                    return;
                }
                loaded.add(load.apply(pkg));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            loadFailure = new IllegalStateException("the load thread was interrupted", e);
        } catch (RuntimeException | Error e) {
            loadFailure = e;
        }
    }

    /** Waits for the load thread to end; an interrupt of the caller is passed on to it and kept. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                t.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
