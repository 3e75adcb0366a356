package dev.dlt4j.extract;

/**
 * An item on its way through one pipe: {@code step} is the last step applied to it (-1 for the
 * input of a transformer, 0 for what the data or the transform function produced), and
 * {@code position} is the ordinal (from 1) of the data item it came from, for error messages.
 */
record PipeItem(Pipe pipe, int step, Object item, long position) {
    /** Marks an item forked back to its own pipe: it is written, never forked again. */
    static final int WRITE = Integer.MAX_VALUE;

    PipeItem with(int newStep, Object newItem) {
        return new PipeItem(pipe, newStep, newItem, position);
    }
}
