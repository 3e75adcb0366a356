package dev.dlt4j.extract;

import java.util.Iterator;
import java.util.stream.Stream;

/**
 * A stream as an iterator that closes the stream when extraction closes it (the pipe iterator
 * closes every {@link AutoCloseable} iterator on every path), so a stream over a file or a
 * connection is released even when extraction fails.
 */
public final class StreamIterator implements Iterator<Object>, AutoCloseable {
    private final Stream<?> stream;
    private final Iterator<?> it;

    public StreamIterator(Stream<?> stream) {
        this.stream = stream;
        this.it = stream.iterator();
    }

    @Override
    public boolean hasNext() {
        return it.hasNext();
    }

    @Override
    public Object next() {
        return it.next();
    }

    @Override
    public void close() {
        stream.close();
    }
}
