package dev.dlt4j.extract;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

/**
 * Evaluates deferred items for one extract: {@code workers} threads (started on first use) and at
 * most {@code max_parallel_items} items queued or running at once; {@link #submit} blocks while
 * the pool is full. Results are taken by the extracting thread, earliest submitted first among
 * those done. {@link #close()} interrupts whatever still runs and waits for the threads to end.
 *
 * <p>Only the extracting thread calls the methods; workers only complete slots.
 */
final class FuturesPool implements AutoCloseable {
    private static final Logger LOG = Logs.get(FuturesPool.class);
    static final String THREAD_PREFIX = "dlt4j-extract-";
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int workers;
    private final int maxParallelItems;
    private final String threadPrefix;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private ThreadPoolExecutor executor;
    private int running;
    private int maxRunning;

    /** One deferred item in flight; the result is published by {@code done}. */
    static final class Slot {
        final PipeItem origin;
        final Object deferred;
        Object result;
        Throwable error;
        volatile boolean done;

        Slot(PipeItem origin, Object deferred) {
            this.origin = origin;
            this.deferred = deferred;
        }
    }

    FuturesPool(String pipelineName, int workers, int maxParallelItems) {
        this.workers = workers;
        this.maxParallelItems = maxParallelItems;
        this.threadPrefix = THREAD_PREFIX + pipelineName + "-" + POOLS.incrementAndGet() + "-";
    }

    /** True for the items this pool evaluates. */
    static boolean isDeferred(Object item) {
        return item instanceof Callable<?> || item instanceof Supplier<?> || item instanceof Future<?>;
    }

    /** Submits a deferred item; blocks while the pool, or the item's pipe, has no free slot. */
    void submit(PipeItem origin) throws InterruptedException {
        Pipe pipe = origin.pipe();
        lock.lockInterruptibly();
        try {
            while (running >= maxParallelItems || pipe.inFlight >= pipe.maxInFlight) {
                changed.await();
            }
            running++;
            pipe.inFlight++;
            maxRunning = Math.max(maxRunning, running);
        } finally {
            lock.unlock();
        }
        Object deferred = origin.item();
        Slot slot = new Slot(origin, deferred);
        slots.add(slot);
        if (deferred instanceof CompletableFuture<?> cf) {
            cf.whenComplete((r, e) -> complete(slot, r, e));
            return;
        }
        Callable<?> task = asCallable(deferred);
        try {
            executor().execute(() -> {
                Object result;
                try {
                    result = task.call();
                } catch (Throwable t) {
                    complete(slot, null, t);
                    return;
                }
                complete(slot, result, null);
            });
        } catch (RuntimeException e) {
            complete(slot, null, e);
        }
    }

    private static Callable<?> asCallable(Object deferred) {
        if (deferred instanceof Callable<?> c) {
            return c;
        }
        if (deferred instanceof Supplier<?> s) {
            return s::get;
        }
        Future<?> f = (Future<?>) deferred;
        return f::get;
    }

    private void complete(Slot slot, Object result, Throwable error) {
        lock.lock();
        try {
            slot.result = result;
            slot.error = unwrap(error);
            slot.done = true;
            running--;
            slot.origin.pipe().inFlight--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The earliest submitted slot that is done, without waiting, or null. Scans under the lock that
     * completions take, so a later slot completing during the scan cannot overtake an earlier one.
     */
    Slot poll() {
        if (slots.isEmpty()) {
            return null;
        }
        lock.lock();
        try {
            return firstDone();
        } finally {
            lock.unlock();
        }
    }

    private Slot firstDone() {
        for (Iterator<Slot> it = slots.iterator(); it.hasNext();) {
            Slot s = it.next();
            if (s.done) {
                it.remove();
                return s;
            }
        }
        return null;
    }

    /** Waits until a slot is done and returns it; null when nothing is in flight. */
    Slot await() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                Slot s = firstDone();
                if (s != null || slots.isEmpty()) {
                    return s;
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The most items that were in flight at once during this extract. */
    int maxInFlight() {
        lock.lock();
        try {
            return maxRunning;
        } finally {
            lock.unlock();
        }
    }

    private ThreadPoolExecutor executor() {
        if (executor == null) {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    factory);
        }
        return executor;
    }

    /**
     * Cancels what is in flight (interrupting running items and user futures) and waits for the
     * worker threads to end, so none outlives the extract. A task that ignores interrupts is
     * logged after a grace period and left to its daemon thread.
     */
    @Override
    public void close() {
        for (Slot s : slots) {
            if (!s.done && s.deferred instanceof Future<?> f) {
                f.cancel(true);
            }
        }
        slots.clear();
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                        LOG.warn("extract worker threads {}* did not stop within 30 s of being interrupted;"
                                + " a deferred item or parallelized resource ignores interrupts", threadPrefix);
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
