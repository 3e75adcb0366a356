package dev.dlt4j.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * A compressing stream (gzip or LZ4 frames, {@link FileCodecs}) whose compressing runs on a
 * background thread, so the thread that produces rows (extract or normalize) and the compressor use
 * both cores: on this machine compression is the largest single cost of a stage besides the
 * stage's own work (../shared/bench/MEASURED.md, docs/performance.md). The output is the wrapped
 * stream's, byte for byte.
 *
 * <p>One producer thread per stream. Bytes are handed over in chunks; at most {@link #CHUNKS}
 * chunks per stream are in flight, so memory stays bounded. All streams share one compressor
 * thread, which keeps each stream's chunks in order. A failure of the compressor surfaces on the
 * producer's next write, flush or close.
 *
 * <p>A stream that failed (the compressor's write, or a producer interrupted while handing a chunk
 * over) stays failed: every later write, flush and close throws, and close releases the file
 * without finishing it (no gzip trailer, no LZ4 end mark), so a file with bytes missing never reads
 * as a whole, shorter one.
 */
final class BackgroundCompressingOutputStream extends OutputStream {
    static final int CHUNK = 1 << 18;
    static final int CHUNKS = 4;
    private static final ExecutorService COMPRESSOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dlt4j-compress");
        t.setDaemon(true);
        return t;
    });

    private final OutputStream compressor;
    private final OutputStream raw;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
    /** The chunk being filled; null once a hand-over was interrupted (its bytes never reached the compressor). */
    private byte[] chunk;
    private int pos;
    private volatile IOException failure;
    private boolean closed;

    /**
     * Hands what is written to {@code compressor} on the background thread, which alone uses and
     * closes it; {@code raw}, the file {@code compressor} writes to, is closed with it in any case
     * (a compressing stream whose finishing fails leaves its target open).
     */
    BackgroundCompressingOutputStream(OutputStream compressor, OutputStream raw) {
        this.compressor = compressor;
        this.raw = raw;
        for (int i = 1; i < CHUNKS; i++) {
            free.add(new byte[CHUNK]);
        }
        this.chunk = new byte[CHUNK];
    }

    private byte[] take() throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the compressor");
        }
    }

    @Override
    public void write(int b) throws IOException {
        if (chunk == null) {
            throw interrupted();
        }
        if (pos == CHUNK) {
            handOver();
        }
        chunk[pos++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (chunk == null) {
            throw interrupted();
        }
        while (len > 0) {
            if (pos == CHUNK) {
                handOver();
            }
            int n = Math.min(len, CHUNK - pos);
            System.arraycopy(b, off, chunk, pos, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    private static IOException interrupted() {
        return new IOException("a compressed file whose writer was interrupted cannot be written further");
    }

    private void handOver() throws IOException {
        check();
        if (chunk == null) {
            throw interrupted();
        }
        if (pos == 0) {
            return;
        }
        byte[] full = chunk;
        int n = pos;
        // handed over: if waiting for the next chunk is interrupted, these bytes must not be handed over again
        chunk = null;
        pos = 0;
        COMPRESSOR.submit(() -> {
            try {
                if (failure == null) {
                    compressor.write(full, 0, n);
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = new IOException(e.toString(), e);
            } finally {
                free.add(full);
            }
        });
        chunk = take();
    }

    private void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException("compression failed: " + f.getMessage(), f);
        }
    }

    /** Hands buffered bytes to the compressor; like any compressing stream, they may still sit in it. */
    @Override
    public void flush() throws IOException {
        handOver();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException error = null;
        try {
            handOver();
        } catch (IOException e) {
            error = e;
        }
        boolean whole = error == null;
        Future<?> done = COMPRESSOR.submit(() -> {
            try {
                if (whole && failure == null) {
                    compressor.close(); // the trailer or end mark: the file is whole
                }
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException | Error e) {
                failure = new IOException(e.toString(), e);
            } finally {
                try {
                    raw.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing a compressed file");
        } catch (ExecutionException e) {
            throw new IOException("compression failed", e.getCause());
        }
        if (error != null) {
            throw error;
        }
        check();
    }
}
