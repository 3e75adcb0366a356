package dev.dlt4j.extract;

import dev.dlt4j.Resource;
import dev.dlt4j.Source;
import dev.dlt4j.ExtractConfig;
import dev.dlt4j.NextItemMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import dev.dlt4j.log.Logs;

/**
 * Runs the pipes of one source and hands out the items to write, one at a time, on the calling
 * thread (dlt's {@code PipeIterator}). Items that are iterators become new sources, deferred items
 * go to the {@link FuturesPool}, others go through the pipe's steps; an item that leaves a pipe
 * with transformers is forked to them. Which source gives the next item follows
 * {@code next_item_mode}: {@code fifo} always takes the newest source (resources one after the
 * other in declaration order, spawned iterators drained first), {@code round_robin} one item from
 * each source in turn, falling back to fifo while {@code max_parallel_items} or more spawned
 * sources are open.
 *
 * <p>Not thread-safe: one thread calls {@link #next()} until it returns null, then
 * {@link #close()}; {@link #cancel()} may be called from any thread (e.g. a signal handler).
 */
final class PipeIterator implements AutoCloseable {
    private static final Logger LOG = Logs.get(PipeIterator.class);
    /** A source that is busy (a parallelized step in flight) and has nothing to give now. */
    private static final PipeItem BUSY = new PipeItem(null, 0, null, 0);

    private final NextItemMode mode;
    private final int maxParallelItems;
    private final FuturesPool pool;
    private final List<Pipe> pipes;
    /** Active sources; the newest at the end, the initial ones in reverse declaration order. */
    private final List<ItemSource> sources = new ArrayList<>();
    private int current;
    private int spawned;
    private volatile boolean cancelled;
    private volatile boolean signalled;
    private volatile Thread driver;
    private final ResourceStates states;

    PipeIterator(Source source, String pipelineName, ExtractConfig config,
            Function<Resource, ExtractConfig> resourceConfig) {
        this(source, pipelineName, config, resourceConfig, null);
    }

    /**
     * As above; {@code states} (null: none) gives each resource the context it is opened with (a
     * transformer: the one its function receives) and binds its incremental, by which the items that
     * leave its pipe are filtered.
     */
    PipeIterator(Source source, String pipelineName, ExtractConfig config,
            Function<Resource, ExtractConfig> resourceConfig, ResourceStates states) {
        this.states = states;
        this.mode = config.nextItemMode();
        this.maxParallelItems = config.maxParallelItems();
        this.pool = new FuturesPool(pipelineName, config.workers(), config.maxParallelItems());
        long opened = System.nanoTime();
        Map<String, Pipe> byName = new LinkedHashMap<>();
        List<Pipe> selected = new ArrayList<>();
        for (Resource r : source.resources()) {
            Pipe p = new Pipe(r, true, resourceConfig.apply(r).maxParallelItems(), opened);
            byName.put(r.name(), p);
            selected.add(p);
        }
        List<Pipe> roots = new ArrayList<>();
        for (Pipe p : selected) {
            link(p, byName, roots, resourceConfig, opened);
        }
        this.pipes = List.copyOf(byName.values());
        for (Pipe p : pipes) {
            if (p.resource.isTransformer() && states != null) {
                try {
                    p.context = states.contextFor(p.resource);
                } catch (RuntimeException e) {
                    throw new ExtractFailure(p.name, 0, "could not bind the transformer's incremental: " + e, e);
                }
                p.incremental = states.incrementalOf(p.resource);
            }
        }
        List<Pipe> heads = new ArrayList<>(roots);
        Collections.reverse(heads);
        for (Pipe p : heads) {
            if (p.dataStopped()) {
                continue; // limit(0): the data is not even opened
            }
            Iterator<?> it;
            try {
                dev.dlt4j.ResourceContext context = states == null ? null : states.contextFor(p.resource);
                p.incremental = states == null ? null : states.incrementalOf(p.resource);
                it = context == null ? p.resource.open() : p.resource.open(context);
            } catch (RuntimeException e) {
                throw new ExtractFailure(p.name, 0, "could not open the resource: " + e, e);
            }
            sources.add(p.resource.isParallelized() ? new ParallelSource(p, 0, it, true, 0, null)
                    : new IteratorSource(p, 0, it, true, 0, null));
        }
    }

    /** Connects a transformer to its parent (the source's resource of that name, or its own unselected one). */
    private static void link(Pipe p, Map<String, Pipe> byName, List<Pipe> roots,
            Function<Resource, ExtractConfig> resourceConfig, long opened) {
        if (!p.resource.isTransformer()) {
            if (!roots.contains(p)) {
                roots.add(p);
            }
            return;
        }
        if (p.resource.limit().isPresent()) {
            LOG.warn("{} has a limit, which applies only to resources with their own data; it is ignored",
                    p.resource);
        }
        Resource parentResource = p.resource.parent().orElseThrow();
        Pipe parent = byName.get(parentResource.name());
        boolean fresh = parent == null;
        if (fresh) {
            parent = new Pipe(parentResource, false, resourceConfig.apply(parentResource).maxParallelItems(), opened);
            byName.put(parentResource.name(), parent);
        }
        if (!parent.children.contains(p)) {
            parent.children.add(p);
        }
        if (fresh) {
            link(parent, byName, roots, resourceConfig, opened);
        }
    }

    List<Pipe> pipes() {
        return pipes;
    }

    /** True once the iterator was cancelled or its thread interrupted. */
    boolean isCancelled() {
        return cancelled;
    }

    /** True when {@link #cancel()} (SIGINT) stopped it, rather than an interrupt from the caller. */
    boolean wasSignalled() {
        return signalled;
    }

    int maxInFlight() {
        return pool.maxInFlight();
    }

    /** Stops the iterator from another thread: {@link #next()} fails soon after with an interruption. */
    void cancel() {
        signalled = true;
        cancelled = true;
        Thread t = driver;
        if (t != null) {
            t.interrupt();
        }
    }

    /** The next item to write (its pipe is selected and it passed every step), or null at the end. */
    PipeItem next() {
        driver = Thread.currentThread();
        try {
            while (true) {
                checkCancelled();
                PipeItem pi = resolved(pool.poll());
                if (pi == null) {
                    pi = sourceItem();
                }
                if (pi == null) {
                    if (pool.isEmpty()) {
                        if (sources.isEmpty()) {
                            return null;
                        }
                        throw new IllegalStateException("pipe iterator stalled: sources busy with nothing in flight");
                    }
                    pi = resolved(pool.await());
                    if (pi == null) {
                        continue;
                    }
                }
                PipeItem out = advance(pi);
                if (out != null) {
                    return out;
                }
            }
        } catch (InterruptedException e) {
            if (!signalled) {
                Thread.currentThread().interrupt(); // the caller's interrupt: keep the status for them
            }
            throw interrupted(e);
        } finally {
            driver = null;
        }
    }

    private void checkCancelled() {
        if (cancelled) {
            throw interrupted(null);
        }
    }

    private RuntimeException interrupted(InterruptedException e) {
        cancelled = true;
        return new ExtractInterrupted(e);
    }

    /** Extraction was cancelled (SIGINT) or its thread interrupted. */
    static final class ExtractInterrupted extends RuntimeException {
        ExtractInterrupted(Throwable cause) {
            super("extraction was interrupted", cause);
        }
    }

    private PipeItem resolved(FuturesPool.Slot slot) {
        if (slot == null) {
            return null;
        }
        PipeItem origin = slot.origin;
        if (slot.deferred instanceof ParallelStep step) {
            step.resolved();
        }
        if (slot.error != null) {
            if (slot.error instanceof InterruptedException && cancelled) {
                throw interrupted(null);
            }
            if (slot.error instanceof ExtractFailure f) {
                throw f;
            }
            String what = origin.pipe().resource.isTransformer() ? "the transformer (or a deferred item it returned)"
                    + " threw " : "a deferred item threw ";
            throw new ExtractFailure(origin.pipe().name, origin.position(), what + slot.error, slot.error);
        }
        return origin.with(origin.step(), slot.result);
    }

    /** Takes an item through the pipe until it is to be written (returned), parked (null) or dropped (null). */
    private PipeItem advance(PipeItem pi) throws InterruptedException {
        while (true) {
            Object item = pi.item();
            if (item == null) {
                return null;
            }
            Pipe pipe = pi.pipe();
            if (item instanceof Iterator<?> || item instanceof Stream<?>) {
                Iterator<?> it = item instanceof Stream<?> s ? new StreamIterator(s) : (Iterator<?>) item;
                boolean parallel = pipe.resource.isParallelized() && pi.step() == 0;
                sources.add(parallel ? new ParallelSource(pipe, pi.step(), it, false, pi.position(), pi.parentKey())
                        : new IteratorSource(pipe, pi.step(), it, false, pi.position(), pi.parentKey()));
                spawned++;
                return null;
            }
            if (FuturesPool.isDeferred(item)) {
                pool.submit(pi);
                return null;
            }
            if (pi.step() == PipeItem.WRITE) {
                pipe.written++;
                return pi;
            }
            if (pi.step() >= pipe.lastStep()) {
                if (pipe.incremental != null) {
                    // dlt places the incremental last, after every map and filter step
                    CursorFilter cursor = pipe.incremental.cursor(pi.parentKey());
                    Object kept = cursor.filter(item, pi.position());
                    if (cursor.outOfRangeInOrder() && !pipe.resource.isTransformer()) {
                        pipe.stopData(); // row_order: no later row is in range; the data is closed
                    }
                    if (kept == null) {
                        return null;
                    }
                    pi = pi.with(pi.step(), kept);
                }
                if (!pipe.admit()) {
                    return null;
                }
                if (!pipe.children.isEmpty()) {
                    sources.add(new ForkSource(pi));
                    spawned++;
                    return null;
                }
                if (!pipe.selected) {
                    return null;
                }
                pipe.written++;
                return pi;
            }
            pi = applyStep(pi);
        }
    }

    private PipeItem applyStep(PipeItem pi) {
        Pipe pipe = pi.pipe();
        int next = pi.step() + 1;
        Object item = pi.item();
        try {
            if (next == 0) {
                // the transformer's own function, on one item of its parent
                java.util.function.BiFunction<Object, dev.dlt4j.ResourceContext, ?> f =
                        pipe.resource.transform().orElseThrow();
                dev.dlt4j.ResourceContext context = pipe.incremental != null && pipe.incremental.perParent()
                        ? states.contextFor(pipe.context, pipe.incremental.cursor(pi.parentKey())) : pipe.context;
                if (pipe.resource.isParallelized()) {
                    Callable<Object> task = () -> f.apply(item, context);
                    return pi.with(0, task);
                }
                return pi.with(0, f.apply(item, context));
            }
            return pi.with(next, Steps.apply(pipe.steps[next - 1], item));
        } catch (ExtractFailure e) {
            throw e;
        } catch (RuntimeException e) {
            String what = next == 0 ? "the transformer threw " : "step " + next + " ("
                    + pipe.steps[next - 1].getClass().getSimpleName() + ") threw ";
            throw new ExtractFailure(pipe.name, pi.position(), what + e, e);
        }
    }

    /** dlt's {@code _get_source_item}: one item from the source the mode picks, BUSY ones skipped. */
    private PipeItem sourceItem() {
        while (true) {
            int count = sources.size();
            if (count == 0) {
                return null;
            }
            if (mode == NextItemMode.FIFO || spawned >= maxParallelItems) {
                current = count - 1;
            } else {
                current = Math.floorMod(current - 1, count);
            }
            int first = -1;
            boolean removed = false;
            while (!removed) {
                if (first == current) {
                    return null;
                }
                ItemSource s = sources.get(current);
                PipeItem pi = s.pull();
                if (pi == null) {
                    sources.remove(current);
                    if (!s.initial()) {
                        spawned--;
                    }
                    s.close();
                    removed = true;
                } else if (pi != BUSY) {
                    return pi;
                } else {
                    if (first < 0) {
                        first = current;
                    }
                    current = Math.floorMod(current - 1, count);
                }
            }
        }
    }

    /** Closes the pool (interrupting and awaiting its threads), then every open iterator. */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            pool.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ItemSource s : sources) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        sources.clear();
        if (failure != null) {
            throw failure;
        }
    }

    /** Where items come from: the data of a resource, an iterator a step returned, or a fork. */
    private interface ItemSource {
        /** The next item, {@link #BUSY}, or null when exhausted. */
        PipeItem pull();

        boolean initial();

        default void close() {
        }
    }

    private static void closeQuietly(Iterator<?> it) {
        if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing an iterator failed", e);
            }
        }
    }

    /** Items of an iterator taken on the extracting thread. */
    private static final class IteratorSource implements ItemSource {
        private final Pipe pipe;
        private final int step;
        private final Iterator<?> it;
        private final boolean initial;
        private final long position;
        private final Object parentKey;

        IteratorSource(Pipe pipe, int step, Iterator<?> it, boolean initial, long position, Object parentKey) {
            this.parentKey = parentKey;
            this.pipe = pipe;
            this.step = step;
            this.it = it;
            this.initial = initial;
            this.position = position;
        }

        @Override
        public PipeItem pull() {
            if (initial && pipe.dataStopped()) {
                return null;
            }
            long pos = initial ? pipe.produced + 1 : position;
            Object item;
            try {
                if (!it.hasNext()) {
                    return null;
                }
                item = it.next();
            } catch (ExtractFailure e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ExtractFailure(pipe.name, pos, (initial ? "the resource threw " : "an iterator yielded by"
                        + " step " + step + " threw ") + e, e);
            }
            if (initial) {
                pipe.produced++;
            }
            return new PipeItem(pipe, step, item, pos, parentKey);
        }

        @Override
        public boolean initial() {
            return initial;
        }

        @Override
        public void close() {
            closeQuietly(it);
        }
    }

    /**
     * dlt's parallel wrapper: each step of the iterator is a deferred item run in the pool; while
     * one is in flight the source is busy, so one iterator is never stepped by two threads at once.
     */
    private static final class ParallelSource implements ItemSource {
        private final Pipe pipe;
        private final int step;
        private final Iterator<?> it;
        private final boolean initial;
        private final long position;
        private final Object parentKey;
        private volatile boolean busy;
        private volatile boolean exhausted;

        ParallelSource(Pipe pipe, int step, Iterator<?> it, boolean initial, long position, Object parentKey) {
            this.parentKey = parentKey;
            this.pipe = pipe;
            this.step = step;
            this.it = it;
            this.initial = initial;
            this.position = position;
        }

        @Override
        public PipeItem pull() {
            if (busy) {
                return BUSY;
            }
            if (exhausted || (initial && pipe.dataStopped())) {
                return null;
            }
            busy = true;
            long pos = initial ? ++pipe.produced : position;
            ParallelStep nextItem = new ParallelStep(this, pos);
            return new PipeItem(pipe, step, nextItem, pos, parentKey);
        }

        @Override
        public boolean initial() {
            return initial;
        }

        @Override
        public void close() {
            closeQuietly(it);
        }
    }

    /**
     * One step of a parallelized iterator, run in the pool. Its source stays busy until the
     * extracting thread has taken the result, so a resource's items are taken in order.
     */
    private static final class ParallelStep implements Callable<Object> {
        private final ParallelSource source;
        private final long position;

        ParallelStep(ParallelSource source, long position) {
            this.source = source;
            this.position = position;
        }

        @Override
        public Object call() {
            try {
                if (!source.it.hasNext()) {
                    source.exhausted = true;
                    return null;
                }
                return source.it.next();
            } catch (RuntimeException e) {
                source.exhausted = true;
                throw new ExtractFailure(source.pipe.name, position, "the resource threw " + e, e);
            }
        }

        void resolved() {
            source.busy = false;
        }
    }

    /** The copies of one item that left a pipe with transformers: itself (when written), then each child. */
    private static final class ForkSource implements ItemSource {
        private final Iterator<PipeItem> items;

        ForkSource(PipeItem pi) {
            Pipe parent = pi.pipe();
            List<PipeItem> out = new ArrayList<>(parent.children.size() + 1);
            if (parent.selected) {
                out.add(pi.with(PipeItem.WRITE, pi.item()));
            }
            for (Pipe child : parent.children) {
                if (child.incremental != null && child.incremental.perParent()) {
                    // one cursor per parent row: a page is split so that each row reaches the function alone
                    List<?> rows = pi.item() instanceof List<?> page ? page : List.of(pi.item());
                    long position = ++child.produced;
                    for (Object row : rows) {
                        if (row != null) {
                            out.add(new PipeItem(child, -1, row, position, parentKey(child, row, position)));
                        }
                    }
                } else {
                    out.add(new PipeItem(child, -1, pi.item(), ++child.produced));
                }
            }
            this.items = out.iterator();
        }

        private static Object parentKey(Pipe child, Object row, long position) {
            String key = child.incremental.perParentKey();
            Object v = ValueEncoder.property(row, key);
            if (v == ValueEncoder.MISSING || v == null) {
                throw new ExtractFailure(child.name, position, "transformer " + child.name + " has an incremental per"
                        + " parent key '" + key + "', but a row of its parent " + child.resource.parent().orElseThrow()
                        .name() + (v == null ? " has null there" : " has no such key") + "; name a key every parent"
                        + " row has", null);
            }
            return v;
        }

        @Override
        public PipeItem pull() {
            return items.hasNext() ? items.next() : null;
        }

        @Override
        public boolean initial() {
            return false;
        }
    }
}
