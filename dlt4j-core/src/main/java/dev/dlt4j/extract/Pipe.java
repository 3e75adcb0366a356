package dev.dlt4j.extract;

import dev.dlt4j.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One resource as the pipe iterator runs it: its steps, its transformers (children), whether it is
 * written (selected), and the run state of its limit. Used only on the extracting thread, except
 * {@link #inFlight} which the futures pool guards with its lock.
 */
final class Pipe {
    final Resource resource;
    final String name;
    final boolean selected;
    final Resource.Step[] steps;
    final List<Pipe> children = new ArrayList<>();
    /** Deferred items of this pipe at most in flight at once (per-resource max_parallel_items). */
    final int maxInFlight;
    int inFlight;
    /** Items produced by the data (or received, for a transformer): the position of the next error. */
    long produced;
    long written;
    /** A transformer's context, handed to its function with each item; null for a resource with data. */
    dev.dlt4j.ResourceContext context;
    /** The resource's incremental bound to this run; null when it has none. Used on the extracting thread. */
    ResourceIncremental incremental;
    private boolean incrementalStopped;
    private final long maxItems;
    private final long deadlineNanos;
    private long limitCount;
    private boolean limitReached;

    Pipe(Resource resource, boolean selected, int maxInFlight, long openedNanos) {
        this.resource = resource;
        this.name = resource.name();
        this.selected = selected;
        this.steps = resource.steps().toArray(new Resource.Step[0]);
        this.maxInFlight = maxInFlight;
        Resource.Limit limit = resource.isTransformer() ? null : resource.limit().orElse(null);
        this.maxItems = limit == null ? -1 : limit.maxItems().orElse(-1);
        this.deadlineNanos = limit == null || limit.maxTime().isEmpty() ? Long.MAX_VALUE
                : openedNanos + saturatedNanos(limit.maxTime().get());
        this.limitReached = maxItems == 0;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** The step after which an item leaves the pipe. */
    int lastStep() {
        return steps.length;
    }

    /** True once the limit stopped the data: no more items are taken from it. */
    boolean dataStopped() {
        if (incrementalStopped) {
            return true;
        }
        if (!limitReached && deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
            limitReached = true;
        }
        return limitReached;
    }

    /** Stops taking items from the data: the incremental's row order says no later row is in range. */
    void stopData() {
        incrementalStopped = true;
    }

    /**
     * Counts an item that passed every step. The item that reaches the limit is still written;
     * items still arriving after it (from deferred or spawned work) are dropped.
     */
    boolean admit() {
        if (maxItems < 0 && deadlineNanos == Long.MAX_VALUE) {
            return true;
        }
        if (limitReached) {
            return false;
        }
        limitCount++;
        if (limitCount == maxItems || (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0)) {
            limitReached = true;
        }
        return true;
    }

    @Override
    public String toString() {
        return resource.toString();
    }
}
