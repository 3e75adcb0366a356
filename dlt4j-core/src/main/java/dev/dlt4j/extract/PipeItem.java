package dev.dlt4j.extract;

/**
 * An item on its way through one pipe: {@code step} is the last step applied to it (-1 for the
 * input of a transformer, 0 for what the data or the transform function produced), and
 * {@code position} is the ordinal (from 1) of the data item it came from, for error messages.
 * {@code parentKey} is the parent row's key value for a transformer with a per-parent incremental
 * (null otherwise): items the transformer makes from that row are filtered by that parent's cursor.
 */
record PipeItem(Pipe pipe, int step, Object item, long position, Object parentKey) {
    /** Marks an item forked back to its own pipe: it is written, never forked again. */
    static final int WRITE = Integer.MAX_VALUE;

    PipeItem(Pipe pipe, int step, Object item, long position) {
        this(pipe, step, item, position, null);
    }

    PipeItem with(int newStep, Object newItem) {
        return new PipeItem(pipe, newStep, newItem, position, parentKey);
    }
}
